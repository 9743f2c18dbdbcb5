package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.DispatchStack;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /optimize} end to end: the bridge writes the command with its snapshot, the real
 * dispatch job answers on the plans topic, the bridge folds the plan and answers the waiting
 * request. Sync, async, the 200-job threshold and booking.
 */
class OptimizeITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static DispatchStack dispatch;
  static RunningBridge bridge;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    dispatch = DispatchStack.start(KAFKA.bootstrapServers());
    bridge = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
    api = bridge.api();
    api.checkAgainst(new OpenApiCheck(api.get("/.well-known/openapi.json").send().json()));
  }

  @AfterAll
  static void stop() throws Exception {
    bridge.close();
    dispatch.close();
  }

  @AfterEach
  void everyResponseMatchedTheOpenApiDocument() {
    assertThat(api.contractProblems()).isEmpty();
  }

  record Fleet(String key, List<String> jobs, List<String> drivers) {
    String body(String extra) {
      return "{\"job_ids\": " + quoted(jobs) + ", \"driver_ids\": " + quoted(drivers) + extra + "}";
    }
  }

  static Fleet fleet(String agent, int jobs, int drivers) {
    String key = api.newKey(agent, 10);
    List<String> jobIds = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      jobIds.add(
          api.post("/api/v1/jobs")
              .key(key)
              .json(
                  ApiContractITCase.SEED_JOB.replace(
                      "37.7749", Double.toString(37.7700 + (i % 50) * 0.0004)))
              .send()
              .json()
              .path("id")
              .asText());
    }
    List<String> driverIds = new ArrayList<>();
    for (int i = 0; i < drivers; i++) {
      driverIds.add(
          api.post("/api/v1/drivers")
              .key(key)
              .json(ApiContractITCase.SEED_DRIVER)
              .send()
              .json()
              .path("id")
              .asText());
    }
    return new Fleet(key, jobIds, driverIds);
  }

  @Test
  void aSynchronousOptimizeWaitsForItsPlanAndIsBilled() {
    Fleet f = fleet("sync-bot", 3, 2);
    Api.Response r =
        api.post("/api/v1/optimize")
            .key(f.key())
            .json(
                f.body(
                    ", \"options\": {\"objective\": \"min_duration\", \"max_stops_per_driver\": 25, \"seed\": 7,"
                        + " \"shift_start\": \"2026-05-08T08:00:00-07:00\", \"shift_end\": \"2026-05-08T18:00:00-07:00\"}"))
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode run = r.json();
    String runId = run.path("run_id").asText();
    assertThat(runId).startsWith("opt_");
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
    assertThat(run.path("mode").asText()).isEqualTo("commit");
    assertThat(run.path("options").path("seed").asLong()).isEqualTo(7);
    assertThat(run.path("billing").path("cost_usd").decimalValue()).isEqualByComparingTo("0.001");
    assertThat(
            api.get("/api/v1/account")
                .key(f.key())
                .send()
                .json()
                .path("usage")
                .path("optimizations")
                .asInt())
        .isEqualTo(1);
    assertThat(
            api.get("/api/v1/optimization_runs/" + runId)
                .key(f.key())
                .send()
                .json()
                .path("status")
                .asText())
        .isEqualTo(run.path("status").asText());
    assertThat(run.path("routes").size()).as("the seed's jobs fit its drivers' day").isPositive();
  }

  @Test
  void asyncAndLargeRunsAnswer202AndArePolled() {
    Fleet f = fleet("async-bot", 2, 1);
    Api.Response accepted =
        api.post("/api/v1/optimize?async=true")
            .key(f.key())
            .json(f.body(", \"mode\": \"plan\""))
            .send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String statusUrl = accepted.json().path("status_url").asText();
    assertThat(accepted.header("Location")).isEqualTo(statusUrl);
    assertThat(accepted.json().path("status").asText()).isEqualTo("processing");
    String path = statusUrl.substring(statusUrl.indexOf("/api/v1/"));
    await("the run finishes")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                !api.get(path)
                    .key(f.key())
                    .send()
                    .json()
                    .path("status")
                    .asText()
                    .equals("processing"));

    // Past 200 jobs a run is always asynchronous.
    Fleet big = fleet("big-bot", 201, 1);
    Api.Response large = api.post("/api/v1/optimize").key(big.key()).json(big.body("")).send();
    assertThat(large.status()).as(large.toString()).isEqualTo(202);
    assertThat(large.json().path("job_ids")).hasSize(201);
  }

  @Test
  void aPlanRunCanBeBookedOnceWhenItCompleted() {
    Fleet f = fleet("book-bot", 2, 1);
    JsonNode plan =
        api.post("/api/v1/optimize")
            .key(f.key())
            .json(f.body(", \"mode\": \"plan\""))
            .send()
            .json();
    String runId = plan.path("run_id").asText();
    assertThat(plan.path("status").asText()).as(plan.toString()).isEqualTo("completed");
    assertThat(plan.at("/_links/self").asText()).isEqualTo("/api/v1/optimization_runs/" + runId);
    // The plan says where to book it; following the link books it.
    Api.Response booked = api.post(plan.at("/_links/book").asText()).key(f.key()).send();
    assertThat(booked.status()).as(booked.toString()).isEqualTo(200);
    assertThat(booked.json().path("mode").asText()).isEqualTo("commit");
    assertThat(booked.json().path("booked_from").asText()).isEqualTo(runId);
    assertThat(
            api.get("/api/v1/optimization_runs/" + runId)
                .key(f.key())
                .send()
                .json()
                .path("booked_run_id")
                .asText())
        .isEqualTo(booked.json().path("run_id").asText());
    assertThat(
            api.get("/api/v1/optimization_runs/" + runId).key(f.key()).send().json().at("/_links"))
        .as("a booked plan offers no second booking")
        .hasSize(1);
    assertThat(booked.json().at("/_links/routes").asText())
        .isEqualTo("/api/v1/routes?run_id=" + booked.json().path("run_id").asText());
    assertThat(
            api.post("/api/v1/optimization_runs/" + runId + "/book").key(f.key()).send().status())
        .isEqualTo(409);
  }

  @Test
  void aCompletedCommitRunPublishesRoutesAndTheJobsFollowIt() {
    Fleet f = fleet("routes-bot", 4, 2);
    JsonNode run = api.post("/api/v1/optimize").key(f.key()).json(f.body("")).send().json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
    Set<String> placed = new HashSet<>();
    run.path("routes")
        .forEach(route -> route.path("stops").forEach(s -> placed.add(s.path("job_id").asText())));
    run.path("summary").path("unassigned").forEach(u -> placed.add(u.path("job_id").asText()));
    assertThat(placed).containsExactlyInAnyOrderElementsOf(f.jobs());
    JsonNode routes =
        api.get("/api/v1/routes?run_id=" + run.path("run_id").asText()).key(f.key()).send().json();
    assertThat(routes.path("data").size()).isEqualTo(run.path("routes").size());
    JsonNode firstRoute = run.path("routes").get(0);
    String job = firstRoute.path("stops").get(0).path("job_id").asText();
    JsonNode j = api.get("/api/v1/jobs/" + job).key(f.key()).send().json();
    assertThat(j.path("route_id").asText()).isEqualTo(firstRoute.path("route_id").asText());
    assertThat(j.path("eta").isNull()).isFalse();
    // The run's decision log: the live dispatcher's decision that gave the job to the run's driver.
    String audit = run.at("/_links/audit").asText();
    assertThat(audit)
        .isEqualTo("/api/v1/optimization_runs/" + run.path("run_id").asText() + "/audit");
    org.awaitility.Awaitility.await("the run's decision about " + job)
        .atMost(java.time.Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode log = api.get(audit + "?limit=100").key(f.key()).send().json();
              for (JsonNode d : log.path("data")) {
                if (job.equals(d.path("job_id").asText())
                    && firstRoute.path("driver_id").asText().equals(d.path("driver_id").asText())) {
                  return true;
                }
              }
              return false;
            });
  }

  private static String quoted(List<String> ids) {
    return "[" + String.join(", ", ids.stream().map(i -> "\"" + i + "\"").toList()) + "]";
  }
}
