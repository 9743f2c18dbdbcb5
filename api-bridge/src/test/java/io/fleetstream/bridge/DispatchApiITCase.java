package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.DispatchStack;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.routing.geocode.AddressQuery;
import io.fleetstream.routing.geocode.Geocoded;
import io.fleetstream.routing.geocode.Geocoder;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.TelemetryData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dispatcher's half of the API through the real bridge, broker and dispatch job: a move, a lock
 * and an emergency are commands the job applies and the answers are its decisions (or its refusal);
 * the field's steps (start, complete, fail, shifts, GPS fixes) are the events the job takes; the
 * jobs at risk and the decision log are read from what the job published.
 */
class DispatchApiITCase {

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
  static String key;

  @BeforeAll
  static void start() throws Exception {
    dispatch = DispatchStack.start(KAFKA.bootstrapServers());
    bridge = RunningBridge.unthrottled(KAFKA.bootstrapServers());
    api = bridge.api();
    api.checkAgainst(new OpenApiCheck(api.get("/.well-known/openapi.json").send().json()));
    key = api.newKey("dispatcher", 5);
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

  private static String driver(double lat, double lng, String zone, int maxJobs) {
    Api.Response r =
        api.post("/api/v1/drivers")
            .key(key)
            .json(
                "{\"start_lat\": %s, \"start_lng\": %s, \"zone\": \"%s\", \"max_concurrent_jobs\": %d}"
                    .formatted(lat, lng, zone, maxJobs))
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static String job(String extraFields) {
    Api.Response r = api.post("/api/v1/jobs").key(key).json("{" + extraFields + "}").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  /**
   * Moves a job to a driver, retrying while the dispatch job has not read the job or the driver
   * yet: drivers and jobs arrive on different topics, so a driver created just before a job may
   * reach the planner after it. A move it applied proves it knows both.
   */
  private static void moveTo(String job, String driver) {
    await("the planner knows " + job + " and " + driver)
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.post("/api/v1/dispatch/reassign")
                        .key(key)
                        .json("{\"job_id\": \"%s\", \"driver_id\": \"%s\"}".formatted(job, driver))
                        .send()
                        .status()
                    == 200);
  }

  private static JsonNode awaitJob(String id, String status) {
    JsonNode[] last = new JsonNode[1];
    await("job " + id + " " + status)
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              last[0] = api.get("/api/v1/jobs/" + id).key(key).send().json();
              return status.equals(last[0].path("status").asText());
            });
    return last[0];
  }

  @Test
  void aMoveIsTheJobsDecisionWithItsExplanationAndARefusedMoveSaysWhy() {
    String near = driver(43.7300, 7.4200, "mc-move", 5);
    String far = driver(43.7400, 7.4300, "mc-move", 5);
    String elsewhere = driver(43.7300, 7.4200, "mc-other", 5);
    String job = job("\"dropoff_lat\": 43.7301, \"dropoff_lng\": 7.4201, \"zone\": \"mc-move\"");
    moveTo(job, near);

    Api.Response moved =
        api.post("/api/v1/dispatch/reassign")
            .key(key)
            .json(
                "{\"job_id\": \"%s\", \"driver_id\": \"%s\", \"lock\": true, \"reason\": \"customer asked\"}"
                    .formatted(job, far))
            .send();
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(moved.json().path("status").asText()).isEqualTo("applied");
    assertThat(moved.json().path("driver_id").asText()).isEqualTo(far);
    assertThat(moved.json().path("job").path("driver_id").asText()).isEqualTo(far);
    assertThat(moved.json().path("job").path("locked").asBoolean()).isTrue();
    assertThat(moved.json().path("job").path("assignment").path("rank").asInt())
        .as("the policy ranked the chosen driver below the nearest")
        .isEqualTo(2);
    String commandId = moved.json().path("id").asText();

    JsonNode audit = api.get("/api/v1/jobs/" + job + "/audit").key(key).send().json();
    JsonNode decisions = audit.path("data");
    assertThat(decisions.size()).isGreaterThanOrEqualTo(2);
    JsonNode last = decisions.get(decisions.size() - 1);
    assertThat(last.path("driver_id").asText()).isEqualTo(far);
    assertThat(last.path("cause_event_id").asText()).isEqualTo(commandId);
    assertThat(last.path("candidates").size()).isEqualTo(2);
    JsonNode byDriver =
        api.get("/api/v1/audit/decisions?driver_id=" + far).key(key).send().json().path("data");
    assertThat(byDriver.findValuesAsText("job_id")).contains(job);
    List<String> chosen = new ArrayList<>();
    byDriver.forEach(d -> chosen.add(d.path("driver_id").asText()));
    assertThat(chosen).as("only decisions that chose the driver").containsOnly(far);

    Api.Response otherZone =
        api.post("/api/v1/dispatch/reassign")
            .key(key)
            .json("{\"job_id\": \"%s\", \"driver_id\": \"%s\"}".formatted(job, elsewhere))
            .send();
    assertThat(otherZone.status()).as(otherZone.toString()).isEqualTo(409);
    assertThat(otherZone.error().path("param").asText()).isEqualTo("driver_id");
    assertThat(otherZone.error().path("reason_code").asText()).isEqualTo("COMMAND_NOT_APPLICABLE");
    assertThat(api.get("/api/v1/jobs/" + job).key(key).send().json().path("driver_id").asText())
        .as("a refused move changes nothing")
        .isEqualTo(far);

    Api.Response unknown =
        api.post("/api/v1/dispatch/reassign")
            .key(key)
            .json("{\"job_id\": \"%s\", \"driver_id\": \"drv_nobody\"}".formatted(job))
            .send();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.error().path("param").asText()).isEqualTo("driver_id");
    Api.Response both = api.post("/api/v1/dispatch/reassign").key(key).json("{}").send();
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.error().path("details").findValuesAsText("param"))
        .containsExactly("job_id", "driver_id");

    Api.Response pinnedAssign =
        api.post("/api/v1/dispatch/assign").key(key).json("{\"job_id\": \"" + job + "\"}").send();
    assertThat(pinnedAssign.status())
        .as("a pinned job is the dispatcher's, not the policy's")
        .isEqualTo(409);
    Api.Response proposed =
        api.post("/api/v1/dispatch/assign")
            .key(key)
            .json("{\"job_id\": \"" + job + "\", \"dry_run\": true}")
            .send();
    assertThat(proposed.status()).as(proposed.toString()).isEqualTo(200);
    assertThat(proposed.json().path("status").asText()).isEqualTo("proposed");
    assertThat(proposed.json().path("driver_id").asText())
        .as("the policy prefers the nearest")
        .isEqualTo(near);
    JsonNode ranked = proposed.json().path("decision").path("candidates");
    assertThat(ranked.get(0).path("driver_id").asText()).isEqualTo(near);
    assertThat(ranked.get(0).path("rank").asInt()).isEqualTo(1);
    assertThat(ranked.get(1).path("rank").asInt()).isEqualTo(2);
    assertThat(ranked.get(0).path("reason").path("distance_score").asDouble())
        .isGreaterThan(ranked.get(1).path("reason").path("distance_score").asDouble());
    assertThat(ranked.get(0).has("insert_at")).isTrue();
    assertThat(api.get("/api/v1/jobs/" + job).key(key).send().json().path("driver_id").asText())
        .as("a dry run changes nothing")
        .isEqualTo(far);

    Api.Response unlocked =
        api.post("/api/v1/dispatch/unlock").key(key).json("{\"job_id\": \"" + job + "\"}").send();
    assertThat(unlocked.status()).as(unlocked.toString()).isEqualTo(200);
    assertThat(unlocked.json().path("locked").asBoolean()).isFalse();
    Api.Response assigned =
        api.post("/api/v1/dispatch/assign").key(key).json("{\"job_id\": \"" + job + "\"}").send();
    assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
    assertThat(assigned.json().path("status").asText()).isEqualTo("applied");
    assertThat(assigned.json().path("driver_id").asText()).isEqualTo(near);
    assertThat(assigned.json().path("job").path("driver_id").asText()).isEqualTo(near);
    assertThat(
            api.get("/api/v1/jobs/" + job + "/audit")
                .key(key)
                .send()
                .json()
                .path("data")
                .findValuesAsText("outcome"))
        .as("the dry run is in the decision log")
        .contains("proposed");
    String nobodyCan =
        job(
            "\"dropoff_lat\": 43.7301, \"dropoff_lng\": 7.4201, \"zone\": \"mc-move\", \"skills\": [\"crane\"]");
    awaitJob(nobodyCan, "unassigned");
    Api.Response pinNothing =
        api.post("/api/v1/dispatch/lock")
            .key(key)
            .json("{\"job_id\": \"" + nobodyCan + "\"}")
            .send();
    assertThat(pinNothing.status()).isEqualTo(409);
    assertThat(pinNothing.error().path("param").asText()).isEqualTo("job_id");
  }

  @Test
  void anEmergencyTakesTheNearestDriverAndSaysWhereTheJobItDisplacedWent() {
    String full = driver(43.7300, 7.4200, "mc-emg", 1);
    String spare = driver(43.7450, 7.4350, "mc-emg", 5);
    String routine = job("\"dropoff_lat\": 43.7302, \"dropoff_lng\": 7.4202, \"zone\": \"mc-emg\"");
    moveTo(routine, spare);
    moveTo(routine, full);

    Api.Response emergency =
        api.post("/api/v1/dispatch/emergency")
            .key(key)
            .json(
                "{\"dropoff_lat\": 43.7301, \"dropoff_lng\": 7.4201, \"zone\": \"mc-emg\", \"service_minutes\": 30, \"reason\": \"gas leak\"}")
            .send();

    assertThat(emergency.status()).as(emergency.toString()).isEqualTo(200);
    JsonNode body = emergency.json();
    assertThat(body.path("driver_id").asText()).isEqualTo(full);
    assertThat(body.path("job").path("priority").asInt()).isEqualTo(1);
    assertThat(body.path("displaced")).hasSize(1);
    JsonNode moved = body.path("displaced").get(0);
    assertThat(moved.path("job_id").asText()).isEqualTo(routine);
    assertThat(moved.path("from_driver_id").asText()).isEqualTo(full);
    assertThat(moved.path("driver_id").asText()).isEqualTo(spare);
    String urgent = body.path("job_id").asText();
    assertThat(api.get("/api/v1/jobs/" + urgent).key(key).send().json().path("status").asText())
        .as("the emergency's job is a job like any other")
        .isEqualTo("assigned");
    assertThat(api.get("/api/v1/jobs/" + routine).key(key).send().json().path("driver_id").asText())
        .isEqualTo(spare);
  }

  @Test
  void anEmergencyKnownByItsAddressIsPlacedOnTheMap() {
    driver(43.7390, 7.4270, "mc-emg-addr", 5);

    Api.Response emergency =
        api.post("/api/v1/dispatch/emergency")
            .key(key)
            .json(
                "{\"dropoff_address\": \"15 Avenue de Monte-Carlo\", \"zone\": \"mc-emg-addr\","
                    + " \"reason\": \"water leak\"}")
            .send();

    assertThat(emergency.status()).as(emergency.toString()).isEqualTo(200);
    Geocoded expected =
        Geocoder.builder()
            .osmFile(RoadNetwork.embeddedMap(RunningBridge.tempDir()))
            .build()
            .find(new AddressQuery("15 Avenue de Monte-Carlo", null, null))
            .orElseThrow();
    JsonNode job =
        api.get("/api/v1/jobs/" + emergency.json().path("job_id").asText()).key(key).send().json();
    assertThat(job.path("dropoff_lat").asDouble()).isEqualTo(expected.lat());
    assertThat(job.path("dropoff_lng").asDouble()).isEqualTo(expected.lng());
  }

  @Test
  void theFieldsStepsAreEventsTheJobActsOn() {
    String first = driver(43.7300, 7.4200, "mc-field", 5);
    String second = driver(43.7310, 7.4210, "mc-field", 5);
    String job = job("\"dropoff_lat\": 43.7301, \"dropoff_lng\": 7.4201, \"zone\": \"mc-field\"");
    moveTo(job, second);
    moveTo(job, first);

    Api.Response started =
        api.post("/api/v1/jobs/" + job + "/start")
            .key(key)
            .json("{\"driver_id\": \"" + second + "\"}")
            .send();
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    assertThat(started.json().path("status").asText()).isEqualTo("started");
    assertThat(started.json().path("driver_id").asText())
        .as("the driver who started it has it")
        .isEqualTo(second);
    assertThat(api.post("/api/v1/jobs/" + job + "/start").key(key).json("{}").send().status())
        .isEqualTo(409);
    Api.Response done = api.post("/api/v1/jobs/" + job + "/complete").key(key).json("{}").send();
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(done.json().path("status").asText()).isEqualTo("completed");
    JsonNode secondsWeek =
        api.get("/api/v1/drivers/" + second + "/metrics?days=7").key(key).send().json();
    assertThat(secondsWeek.path("completed").asInt()).isEqualTo(1);
    assertThat(secondsWeek.path("active_days").asInt()).isEqualTo(1);
    JsonNode firstsWeek = api.get("/api/v1/drivers/" + first + "/metrics").key(key).send().json();
    assertThat(firstsWeek.path("completed").asInt())
        .as("the job was assigned to the first driver but done by the second")
        .isZero();
    assertThat(firstsWeek.path("utilisation").asDouble()).isZero();
    assertThat(api.get("/api/v1/drivers/" + first + "/metrics?days=91").key(key).send().status())
        .isEqualTo(400);
    Api.Response failAfter =
        api.post("/api/v1/jobs/" + job + "/fail").key(key).json("{\"reason\": \"x\"}").send();
    assertThat(failAfter.status()).isEqualTo(409);
    Api.Response future =
        api.post("/api/v1/jobs/" + job + "/complete")
            .key(key)
            .json("{\"at\": \"" + Instant.now().plus(1, ChronoUnit.HOURS) + "\"}")
            .send();
    assertThat(future.status()).isEqualTo(400);
    assertThat(future.error().path("param").asText()).isEqualTo("at");

    Api.Response ended =
        api.post("/api/v1/drivers/" + first + "/shift/end").key(key).json("{}").send();
    assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
    assertThat(ended.json().path("status").asText()).isEqualTo("off_shift");
    assertThat(
            api.post("/api/v1/drivers/" + first + "/shift/end").key(key).json("{}").send().status())
        .isEqualTo(409);
    String whileOff =
        job("\"dropoff_lat\": 43.7300, \"dropoff_lng\": 7.4200, \"zone\": \"mc-field\"");
    await("off shift, the nearest driver takes nothing")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                second.equals(
                    api.get("/api/v1/jobs/" + whileOff)
                        .key(key)
                        .send()
                        .json()
                        .path("driver_id")
                        .asText()));
    Api.Response back =
        api.post("/api/v1/drivers/" + first + "/shift/start").key(key).json("{}").send();
    assertThat(back.json().path("status").asText()).isEqualTo("active");
  }

  @Test
  void gpsFixesAreTelemetryEventsAndEveryWrongFieldIsNamed() {
    String driver = driver(43.7300, 7.4200, "mc-gps", 5);
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
    try (EventConsumer telemetry =
        EventConsumer.fromNow(KAFKA.bootstrapServers(), Duration.ofSeconds(30), Topic.TELEMETRY)) {
      Api.Response accepted =
          api.post("/api/v1/drivers/" + driver + "/locations")
              .key(key)
              .json(
                  """
                  {"pings": [
                    {"lat": 43.7301, "lng": 7.4201, "recorded_at": "%s", "speed_mps": 8.5},
                    {"lat": 43.7305, "lng": 7.4205, "recorded_at": "%s"},
                    {"lat": 43.7309, "lng": 7.4209, "recorded_at": "%s", "heading_deg": 90}
                  ]}"""
                      .formatted(t0, t0.plusSeconds(5), t0.plusSeconds(10)))
              .send();
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      assertThat(accepted.json().path("accepted").asInt()).isEqualTo(3);

      List<TelemetryData> pings = new ArrayList<>();
      await("the three fixes on the telemetry topic")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                telemetry.poll(Duration.ofMillis(200)).stream()
                    .filter(c -> c.event() != null)
                    .map(c -> c.event().data(TelemetryData.class))
                    .filter(p -> p.driverId().equals(driver))
                    .forEach(pings::add);
                return pings.size() >= 3;
              });
      assertThat(pings)
          .extracting(TelemetryData::recordedAt)
          .containsExactly(t0, t0.plusSeconds(5), t0.plusSeconds(10));
      assertThat(pings.get(0).speedMps()).isEqualTo(8.5);
    }

    Api.Response wrong =
        api.post("/api/v1/drivers/" + driver + "/locations")
            .key(key)
            .json(
                """
                {"pings": [
                  {"lat": 43.73, "lng": 7.42, "recorded_at": "%s"},
                  {"lat": 91, "lng": 7.42, "recorded_at": "%s"},
                  {"lat": 43.73, "lng": 7.42}
                ]}"""
                    .formatted(t0, t0))
            .send();
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.error().path("details").findValuesAsText("param"))
        .containsExactly("pings[1].lat", "pings[2].recorded_at");
    Api.Response none =
        api.post("/api/v1/drivers/" + driver + "/locations")
            .key(key)
            .json("{\"pings\": []}")
            .send();
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.error().path("param").asText()).isEqualTo("pings");
  }

  @Test
  void everyStateChangingCallIsAuditedWithItsKeyAndOutcomeAndOnlyAnAdminKeyReadsThem() {
    Api.Response readOnly =
        api.post("/api/v1/api_keys").key(key).json("{\"scopes\": [\"read\"]}").send();
    assertThat(readOnly.status()).as(readOnly.toString()).isEqualTo(201);
    String readKey = readOnly.json().path("key").asText();
    String readKeyId = readOnly.json().path("id").asText();
    String job = job("\"dropoff_lat\": 43.7301, \"dropoff_lng\": 7.4201, \"zone\": \"mc-audit\"");
    Api.Response refused =
        api.post("/api/v1/jobs/" + job + "/cancel").key(readKey).json("{}").send();
    assertThat(refused.status()).isEqualTo(403);
    Api.Response cancelled =
        api.post("/api/v1/jobs/" + job + "/cancel")
            .key(key)
            .idempotencyKey("audit-cancel-1")
            .json("{}")
            .send();
    assertThat(cancelled.status()).isEqualTo(200);
    Api.Response replayed =
        api.post("/api/v1/jobs/" + job + "/cancel")
            .key(key)
            .idempotencyKey("audit-cancel-1")
            .json("{}")
            .send();
    assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
    api.get("/api/v1/jobs/" + job).key(key).send();

    List<JsonNode> calls = new ArrayList<>();
    await("the calls on the audit topic, folded")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              calls.clear();
              api.get("/api/v1/audit/api_calls?limit=100")
                  .key(key)
                  .send()
                  .json()
                  .path("data")
                  .forEach(
                      c -> {
                        if (c.path("path").asText().equals("/api/v1/jobs/" + job + "/cancel")) {
                          calls.add(c);
                        }
                      });
              return calls.size() >= 3;
            });
    assertThat(calls).hasSize(3);
    assertThat(calls.get(0).path("status").asInt()).isEqualTo(403);
    assertThat(calls.get(0).path("error_code").asText()).isEqualTo("insufficient_scope");
    assertThat(calls.get(0).path("key_id").asText()).isEqualTo(readKeyId);
    assertThat(calls.get(1).path("status").asInt()).isEqualTo(200);
    assertThat(calls.get(1).path("route").asText()).isEqualTo("/api/v1/jobs/{id}/cancel");
    assertThat(calls.get(1).path("idempotency_key").asText()).isEqualTo("audit-cancel-1");
    assertThat(calls.get(1).path("replayed").asBoolean()).isFalse();
    assertThat(calls.get(2).path("replayed").asBoolean()).isTrue();
    assertThat(calls.get(1).path("key_id").asText()).isNotEqualTo(readKeyId).startsWith("ork_");
    JsonNode onlyReadKey =
        api.get("/api/v1/audit/api_calls?key_id=" + readKeyId).key(key).send().json().path("data");
    List<String> keys = new ArrayList<>();
    onlyReadKey.forEach(c -> keys.add(c.path("key_id").asText()));
    assertThat(keys).containsOnly(readKeyId);
    assertThat(api.get("/api/v1/audit/api_calls").key(readKey).send().status()).isEqualTo(403);

    Api.Response slow =
        api.post("/api/v1/api_keys").key(key).json("{\"rpm\": 1, \"burst\": 1}").send();
    String slowKey = slow.json().path("key").asText();
    String slowKeyId = slow.json().path("id").asText();
    String body = "{\"dropoff_lat\": 43.7301, \"dropoff_lng\": 7.4201, \"zone\": \"mc-audit\"}";
    Instant since = Instant.now().minusMillis(500);
    assertThat(api.post("/api/v1/jobs").key(slowKey).json(body).send().status()).isEqualTo(201);
    assertThat(api.post("/api/v1/jobs").key(slowKey).json(body).send().status()).isEqualTo(429);
    // A later call of the account: its record follows any of the throttled key's on the
    // account's (single, ordered) audit partition, so once it is listed they would be too.
    String marker = "/api/v1/jobs/job_audit_marker/cancel";
    assertThat(api.post(marker).key(key).json("{}").send().status()).isEqualTo(404);
    await("the account's later call logged")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.get("/api/v1/audit/api_calls?limit=100&from=" + since)
                    .key(key)
                    .send()
                    .json()
                    .path("data")
                    .findValuesAsText("path")
                    .contains(marker));
    List<Integer> slowCalls = new ArrayList<>();
    api.get("/api/v1/audit/api_calls?key_id=" + slowKeyId)
        .key(key)
        .send()
        .json()
        .path("data")
        .forEach(c -> slowCalls.add(c.path("status").asInt()));
    assertThat(slowCalls)
        .as("a throttled call did nothing and is not written")
        .containsExactly(201);
  }

  @Test
  void completedJobsTeachTheDurationModelThatPredictionsRead() {
    String tech = driver(43.7300, 7.4200, "mc-learn", 5);
    String other = driver(43.7310, 7.4210, "mc-learn", 5);
    Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(5, ChronoUnit.HOURS);
    int[] minutes = {40, 50, 45};
    for (int i = 0; i < minutes.length; i++) {
      String job =
          job(
              "\"dropoff_lat\": 43.7301, \"dropoff_lng\": 7.4201, \"zone\": \"mc-learn\", \"job_type\": \"boiler\", \"service_minutes\": 30");
      awaitJob(job, "assigned");
      Instant started = base.plus(i, ChronoUnit.HOURS);
      Api.Response s =
          api.post("/api/v1/jobs/" + job + "/start")
              .key(key)
              .json("{\"driver_id\": \"%s\", \"at\": \"%s\"}".formatted(tech, started))
              .send();
      assertThat(s.status()).as(s.toString()).isEqualTo(200);
      Api.Response c =
          api.post("/api/v1/jobs/" + job + "/complete")
              .key(key)
              .json("{\"at\": \"%s\"}".formatted(started.plus(minutes[i], ChronoUnit.MINUTES)))
              .send();
      assertThat(c.status()).as(c.toString()).isEqualTo(200);
    }
    JsonNode[] own = new JsonNode[1];
    await("the duration model learned from three completions")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              own[0] =
                  api.post("/api/v1/prediction/duration")
                      .key(key)
                      .json("{\"job_type\": \"boiler\", \"driver_id\": \"" + tech + "\"}")
                      .send()
                      .json();
              return "driver".equals(own[0].path("basis").asText());
            });
    assertThat(own[0].path("predicted_minutes").asDouble()).isEqualTo(45.0);
    assertThat(own[0].path("samples").asInt()).isEqualTo(3);
    assertThat(own[0].path("low_minutes").asDouble()).isEqualTo(41.0);
    assertThat(own[0].path("high_minutes").asDouble()).isEqualTo(49.0);
    assertThat(own[0].path("model_version").asLong()).isPositive();
    assertThat(own[0].path("declared_ratio").asDouble())
        .as("declared 30 minutes, took 40, 50 and 45")
        .isEqualTo(1.5);
    JsonNode declared =
        api.post("/api/v1/prediction/duration")
            .key(key)
            .json(
                "{\"job_type\": \"boiler\", \"driver_id\": \""
                    + tech
                    + "\", \"declared_minutes\": 20}")
            .send()
            .json();
    assertThat(declared.path("predicted_minutes").asDouble())
        .as("a job declared at 20 minutes, as long again as declarations are off")
        .isEqualTo(30.0);
    assertThat(declared.path("basis").asText()).isEqualTo("driver");
    assertThat(declared.path("low_minutes").isNull()).isTrue();
    JsonNode none =
        api.post("/api/v1/prediction/duration")
            .key(key)
            .json(
                "{\"job_type\": \"boiler\", \"driver_id\": \""
                    + tech
                    + "\", \"declared_minutes\": 0}")
            .send()
            .json();
    assertThat(none.path("predicted_minutes").asDouble())
        .as("0 declares nothing: the learned minutes, as the planner takes them")
        .isEqualTo(45.0);
    JsonNode anyone =
        api.post("/api/v1/prediction/duration")
            .key(key)
            .json("{\"job_type\": \"boiler\", \"driver_id\": \"" + other + "\"}")
            .send()
            .json();
    assertThat(anyone.path("basis").asText())
        .as("a driver without history gets the job type's figure")
        .isEqualTo("job_type");
    JsonNode unknown =
        api.post("/api/v1/prediction/duration")
            .key(key)
            .json("{\"job_type\": \"never-seen\", \"declared_minutes\": 25}")
            .send()
            .json();
    assertThat(unknown.path("basis").asText()).isEqualTo("declared");
    assertThat(unknown.path("predicted_minutes").asDouble()).isEqualTo(25.0);
    JsonNode week = api.get("/api/v1/drivers/" + tech + "/metrics").key(key).send().json();
    assertThat(week.path("completed").asInt()).isEqualTo(3);
    assertThat(week.path("busy_minutes").asDouble()).isEqualTo(135.0);
  }

  @Test
  void theScheduleShowsTheDriversOpenJobsInRouteOrderWithLiveTimes() {
    String driver = driver(43.7300, 7.4200, "mc-sched", 5);
    String first =
        job(
            "\"dropoff_lat\": 43.7310, \"dropoff_lng\": 7.4210, \"zone\": \"mc-sched\", \"service_minutes\": 20");
    String second =
        job(
            "\"dropoff_lat\": 43.7350, \"dropoff_lng\": 7.4260, \"zone\": \"mc-sched\", \"service_minutes\": 30");
    moveTo(first, driver);
    moveTo(second, driver);
    Api.Response pinged =
        api.post("/api/v1/drivers/" + driver + "/locations")
            .key(key)
            .json(
                "{\"pings\": [{\"lat\": 43.7300, \"lng\": 7.4200, \"recorded_at\": \"%s\"}]}"
                    .formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS)))
            .send();
    assertThat(pinged.status()).isEqualTo(202);

    JsonNode[] day = new JsonNode[1];
    await("live times for both stops")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              day[0] =
                  api.get("/api/v1/dispatch/schedule?driver_id=" + driver)
                      .key(key)
                      .send()
                      .json()
                      .path("data")
                      .get(0);
              JsonNode stops = day[0].path("stops");
              return stops.size() == 2
                  && "live".equals(stops.get(0).path("eta_source").asText())
                  && "live".equals(stops.get(1).path("eta_source").asText());
            });
    JsonNode stops = day[0].path("stops");
    assertThat(stops.get(0).path("sequence").asInt()).isEqualTo(1);
    assertThat(stops.get(1).path("sequence").asInt()).isEqualTo(2);
    assertThat(Instant.parse(stops.get(1).path("predicted_arrival").asText()))
        .isAfterOrEqualTo(Instant.parse(stops.get(0).path("predicted_finish").asText()));
    assertThat(stops.get(1).path("travel_minutes").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(day[0].path("service_minutes").asDouble()).isEqualTo(50.0);
    assertThat(api.get("/api/v1/dispatch/schedule?date=05-08").key(key).send().status())
        .isEqualTo(400);

    api.post("/api/v1/jobs/" + first + "/cancel").key(key).json("{}").send();
    JsonNode after =
        api.get("/api/v1/dispatch/schedule?driver_id=" + driver).key(key).send().json();
    assertThat(after.path("data").get(0).path("stops").findValuesAsText("job_id"))
        .as("a cancelled job leaves the schedule")
        .containsExactly(second);
  }

  @Test
  void aJobNobodyCanTakeBeforeItsWindowEndsIsListedAtRiskUntilItIsCancelled() {
    driver(43.7300, 7.4200, "mc-sla", 5);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String late =
        job(
            ("\"dropoff_lat\": 43.7301, \"dropoff_lng\": 7.4201, \"zone\": \"mc-sla\", \"skills\": [\"crane\"],"
                    + " \"service_minutes\": 60, \"window_start\": \"%s\", \"window_end\": \"%s\"")
                .formatted(now.minus(1, ChronoUnit.HOURS), now.plus(10, ChronoUnit.MINUTES)));
    JsonNode[] listed = new JsonNode[1];
    await("the job listed at risk")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode data = api.get("/api/v1/sla/at-risk").key(key).send().json().path("data");
              for (JsonNode item : data) {
                if (item.path("job_id").asText().equals(late)) {
                  listed[0] = item;
                }
              }
              return listed[0] != null;
            });
    assertThat(listed[0].path("status").asText()).isEqualTo("at_risk");
    assertThat(listed[0].path("cause").asText()).isEqualTo("unassigned");
    assertThat(listed[0].path("eta_source").asText()).isEqualTo("none");
    assertThat(listed[0].path("predicted_lateness_s").asDouble())
        .as("an hour's work ending in 10 minutes")
        .isGreaterThan(2400);

    api.post("/api/v1/jobs/" + late + "/cancel").key(key).json("{}").send();
    assertThat(
            api.get("/api/v1/sla/at-risk")
                .key(key)
                .send()
                .json()
                .path("data")
                .findValuesAsText("job_id"))
        .doesNotContain(late);
  }
}
