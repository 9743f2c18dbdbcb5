package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.DispatchStack;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's primary flow through the real bridge, broker and dispatch job: sign up, read the
 * account, write jobs and drivers exactly as the seed writes them (San Francisco, outside the
 * bundled map), and watch the jobs' status follow the dispatch job's decisions. Then a bridge
 * restarted without its views rebuilds them from the log, and its own stores survived.
 */
class PrimaryFlowITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void signupJobsDriversAndStatusUpdatesThenARestartRebuildsTheViews() throws Exception {
    Path dataDir = RunningBridge.tempDir();
    String key;
    String jobA;
    String jobB;
    String driver;
    try (DispatchStack dispatch = DispatchStack.start(KAFKA.bootstrapServers())) {
      try (RunningBridge bridge = RunningBridge.start(KAFKA.bootstrapServers(), dataDir, c -> c)) {
        Api api = bridge.api();
        api.checkAgainst(new OpenApiCheck(api.get("/.well-known/openapi.json").send().json()));

        Api.Response signup =
            api.post("/api/v1/agent_signup")
                .json(
                    "{\"agent_id\": \"my-bot-v1\", \"contact\": \"ops@example.com\", \"prepay_usd\": 10}")
                .send();
        assertThat(signup.status()).isEqualTo(201);
        key = signup.json().path("api_key").asText();
        api.credit(signup.json().path("account_id").asText(), "10");
        assertThat(
                api.get("/api/v1/account")
                    .key(key)
                    .send()
                    .json()
                    .path("balance_usd")
                    .decimalValue())
            .isEqualByComparingTo("10");

        jobA =
            api.post("/api/v1/jobs")
                .key(key)
                .idempotencyKey("order-1234")
                .json(ApiContractITCase.SEED_JOB)
                .send()
                .json()
                .path("id")
                .asText();
        jobB =
            api.post("/api/v1/jobs")
                .key(key)
                .idempotencyKey("order-1235")
                .json(
                    ApiContractITCase.SEED_JOB
                        .replace("order-1234", "order-1235")
                        .replace("37.7749", "37.7790"))
                .send()
                .json()
                .path("id")
                .asText();
        Api.Response createdDriver =
            api.post("/api/v1/drivers")
                .key(key)
                .idempotencyKey("emp-42")
                .json(ApiContractITCase.SEED_DRIVER)
                .send();
        assertThat(createdDriver.status()).isEqualTo(201);
        driver = createdDriver.json().path("id").asText();

        for (String job : new String[] {jobA, jobB}) {
          await("job " + job + " assigned by the dispatch job")
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () ->
                      api.get("/api/v1/jobs/" + job).key(key).send().json().path("status").asText(),
                  "assigned"::equals);
          JsonNode j = api.get("/api/v1/jobs/" + job).key(key).send().json();
          assertThat(j.path("driver_id").asText()).isEqualTo(driver);
          assertThat(j.path("assignment").path("score").asDouble()).isBetween(0.0, 100.0);
          assertThat(j.path("assignment").path("reason").isObject()).isTrue();
        }
        assertThat(api.get("/api/v1/jobs?status=assigned").key(key).send().json().path("data"))
            .hasSize(2);
        assertThat(api.contractProblems()).isEmpty();
      }

      // A restart without the views: they are rebuilt from the log; accounts, keys and idempotency
      // records survived.
      deleteRecursively(dataDir.resolve("views"));
      try (RunningBridge again = RunningBridge.start(KAFKA.bootstrapServers(), dataDir, c -> c)) {
        Api api = again.api();
        JsonNode rebuilt = api.get("/api/v1/jobs/" + jobA).key(key).send().json();
        assertThat(rebuilt.path("status").asText()).isEqualTo("assigned");
        assertThat(rebuilt.path("driver_id").asText()).isEqualTo(driver);
        assertThat(rebuilt.path("external_id").asText()).isEqualTo("order-1234");
        assertThat(api.get("/api/v1/drivers/" + driver).key(key).send().status()).isEqualTo(200);
        Api.Response replay =
            api.post("/api/v1/jobs")
                .key(key)
                .idempotencyKey("order-1234")
                .json(ApiContractITCase.SEED_JOB)
                .send();
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().path("id").asText()).isEqualTo(jobA);
        assertThat(api.get("/api/v1/jobs").key(key).send().json().path("data")).hasSize(2);
        assertThat(
                api.get("/api/v1/account")
                    .key(key)
                    .send()
                    .json()
                    .path("usage")
                    .path("writes")
                    .asInt())
            .isEqualTo(3);
      }
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    assertThat(dir).doesNotExist();
  }
}
