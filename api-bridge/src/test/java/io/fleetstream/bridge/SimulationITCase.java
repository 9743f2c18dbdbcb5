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
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What-ifs through the real bridge, broker and dispatch job: the zone's planner snapshots its live
 * state, the simulation stage solves the changed copy, and the answer compares it with the current
 * plan — while every live topic and every view stays exactly as it was.
 */
class SimulationITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final String ZONE = "sim-z";

  /** Every topic a what-if must leave alone (the audit topic gets its API-call record). */
  static final List<Topic> LIVE =
      Arrays.stream(Topic.values())
          .filter(t -> t != Topic.SIMULATIONS && t != Topic.AUDIT)
          .toList();

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
    key = api.newKey("simulator", 5);
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

  @Test
  void aWhatIfComparesTheChangedZoneWithTheCurrentPlanAndChangesNothingLive() throws Exception {
    String west = create("/api/v1/drivers", driverBody(43.7300, 7.4150));
    String east = create("/api/v1/drivers", driverBody(43.7320, 7.4180));
    List<String> jobs = new ArrayList<>();
    for (double[] at : new double[][] {{43.7301, 7.4151}, {43.7321, 7.4181}, {43.7450, 7.4350}}) {
      jobs.add(
          create(
              "/api/v1/jobs",
              "{\"dropoff_lat\": %s, \"dropoff_lng\": %s, \"service_minutes\": 15, \"zone\": \"%s\"}"
                  .formatted(at[0], at[1], ZONE)));
    }
    // One job each for the two drivers (max 1 job each); the third waits for room.
    await("two jobs assigned and one waiting")
        .atMost(Duration.ofSeconds(60))
        .until(() -> statuses(jobs).equals(Map.of("assigned", 2L, "unassigned", 1L)));
    String waiting =
        jobs.stream()
            .filter(j -> "unassigned".equals(job(j).path("status").asText()))
            .findFirst()
            .orElseThrow();
    Map<TopicPartition, Long> before = quietEnds();
    Map<String, String> viewsBefore = views(jobs, List.of(west, east));
    long decisionsBefore = nonApiCallAuditRecords();

    Api.Response added =
        api.post("/api/v1/simulation/run")
            .key(key)
            .json(
                "{\"zone\": \"%s\", \"add_drivers\": [{\"start_lat\": 43.7449, \"start_lng\": 7.4349}],"
                        .formatted(ZONE)
                    + " \"time_limit_s\": 1, \"seed\": 3}")
            .send();

    assertThat(added.status()).as(added.toString()).isEqualTo(200);
    JsonNode sim = added.json();
    assertThat(sim.path("status").asText()).isEqualTo("completed");
    assertThat(sim.path("changes").path("add_drivers").get(0).asText()).isEqualTo("new_driver_1");
    assertThat(sim.path("current").path("kpis").path("assigned").asInt()).isEqualTo(2);
    assertThat(sim.path("current").path("kpis").path("unassigned").asInt()).isEqualTo(1);
    assertThat(sim.path("current").path("unassigned").get(0).path("job_id").asText())
        .isEqualTo(waiting);
    assertThat(sim.path("scenario").path("kpis").path("assigned").asInt()).isEqualTo(3);
    assertThat(sim.path("scenario").path("kpis").path("unassigned").asInt()).isZero();
    assertThat(sim.path("delta").path("unassigned").asInt()).isEqualTo(-1);
    // Who takes which job is the solver's call on the roads; that the waiting job gets a driver
    // and the new driver is used is what the added driver brings.
    assertThat(sim.path("moves").findValues("job_id").stream().map(JsonNode::asText))
        .contains(waiting);
    assertThat(sim.path("scenario").path("routes").findValuesAsText("driver_id"))
        .contains("new_driver_1");
    assertThat(sim.path("current").path("kpis").path("route_minutes").asDouble())
        .as("two routes of one 15-minute job each")
        .isGreaterThanOrEqualTo(30);

    Api.Response without =
        api.post("/api/v1/simulation/run")
            .key(key)
            .json(
                "{\"zone\": \"%s\", \"remove_driver_ids\": [\"%s\"], \"time_limit_s\": 1}"
                    .formatted(ZONE, west))
            .send();

    assertThat(without.status()).as(without.toString()).isEqualTo(200);
    JsonNode less = without.json();
    assertThat(less.path("scenario").path("kpis").path("assigned").asInt()).isEqualTo(1);
    assertThat(less.path("scenario").path("kpis").path("unassigned").asInt()).isEqualTo(2);
    assertThat(less.path("moves").findValuesAsText("from_driver_id")).contains(west);
    assertThat(less.path("scenario").path("routes").findValuesAsText("driver_id"))
        .containsExactly(east);

    Api.Response read =
        api.get("/api/v1/simulation/runs/" + sim.path("id").asText()).key(key).send();
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().path("scenario")).isEqualTo(sim.path("scenario"));

    assertThat(quietEnds()).as("end offsets of every live topic").isEqualTo(before);
    assertThat(views(jobs, List.of(west, east))).as("the views").isEqualTo(viewsBefore);
    assertThat(nonApiCallAuditRecords())
        .as("audit records other than the API calls' own")
        .isEqualTo(decisionsBefore);
  }

  @Test
  void aWhatIfWithWrongInputNamesTheFieldAndOneWithoutTheScopeIsRefused() {
    Api.Response noStart =
        api.post("/api/v1/simulation/run")
            .key(key)
            .json("{\"zone\": \"sim-bad\", \"add_drivers\": [{\"start_lng\": 7.4}]}")
            .send();
    assertThat(noStart.status()).isEqualTo(400);
    assertThat(noStart.error().path("param").asText()).isEqualTo("add_drivers[0].start_lat");

    Api.Response badJob =
        api.post("/api/v1/simulation/run")
            .key(key)
            .json(
                "{\"zone\": \"sim-bad\", \"add_jobs\": [{\"dropoff_lat\": 99, \"dropoff_lng\": 7.4}],"
                    + " \"time_limit_s\": 31}")
            .send();
    assertThat(badJob.status()).isEqualTo(400);
    assertThat(badJob.error().path("details").findValuesAsText("param"))
        .containsExactlyInAnyOrder("add_jobs[0].dropoff_lat", "time_limit_s");

    Api.Response nowhere =
        api.post("/api/v1/simulation/run")
            .key(key)
            .json(
                "{\"zone\": \"sim-bad\", \"add_jobs\": [{\"dropoff_address\": \"200 Dropoff Ave\"}]}")
            .send();
    assertThat(nowhere.status()).as(nowhere.toString()).isEqualTo(400);
    assertThat(nowhere.error().path("param").asText())
        .as("an added job's address is looked up on the map like a job's")
        .isEqualTo("add_jobs[0].dropoff_address");

    Api.Response unknown =
        api.post("/api/v1/simulation/run")
            .key(key)
            .json("{\"zone\": \"sim-bad\", \"remove_driver_ids\": [\"drv_nobody\"]}")
            .send();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.error().path("param").asText()).isEqualTo("remove_driver_ids[0]");

    Api.Response noZone = api.post("/api/v1/simulation/run").key(key).json("{}").send();
    assertThat(noZone.status()).isEqualTo(400);
    assertThat(noZone.error().path("param").asText()).isEqualTo("zone");

    String reader =
        api.post("/api/v1/api_keys")
            .key(key)
            .json("{\"scopes\": [\"read\"]}")
            .send()
            .json()
            .path("key")
            .asText();
    Api.Response refused =
        api.post("/api/v1/simulation/run").key(reader).json("{\"zone\": \"sim-bad\"}").send();
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.error().path("code").asText()).isEqualTo("insufficient_scope");
  }

  private static String driverBody(double lat, double lng) {
    return "{\"start_lat\": %s, \"start_lng\": %s, \"zone\": \"%s\", \"max_concurrent_jobs\": 1}"
        .formatted(lat, lng, ZONE);
  }

  private static String create(String path, String body) {
    Api.Response r = api.post(path).key(key).json(body).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static JsonNode job(String id) {
    return api.get("/api/v1/jobs/" + id).key(key).send().json();
  }

  private static Map<String, Long> statuses(List<String> jobs) {
    return jobs.stream()
        .collect(Collectors.groupingBy(j -> job(j).path("status").asText(), Collectors.counting()));
  }

  /** What the API shows of the zone's jobs and drivers, as text. */
  private static Map<String, String> views(List<String> jobs, List<String> drivers) {
    Map<String, String> m = new HashMap<>();
    jobs.forEach(j -> m.put(j, job(j).toString()));
    drivers.forEach(
        d -> m.put(d, api.get("/api/v1/drivers/" + d).key(key).send().json().toString()));
    m.put("list", api.get("/api/v1/jobs?limit=100").key(key).send().json().toString());
    return m;
  }

  /**
   * The live topics' end offsets once they have not moved for 3 s (a re-optimization of the zone
   * may still be publishing when the jobs are decided).
   */
  private static Map<TopicPartition, Long> quietEnds() {
    List<Map<TopicPartition, Long>> seen = new ArrayList<>();
    await("the live topics quiet")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              seen.add(endOffsets());
              int n = seen.size();
              return n >= 7 && seen.subList(n - 7, n).stream().distinct().count() == 1;
            });
    return seen.get(seen.size() - 1);
  }

  private static Map<TopicPartition, Long> endOffsets() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic t : LIVE) {
        for (PartitionInfo info : c.partitionsFor(t.topicName())) {
          partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
      }
      return new HashMap<>(c.endOffsets(partitions));
    }
  }

  private static long nonApiCallAuditRecords() throws Exception {
    try (EventConsumer audit = new EventConsumer(KAFKA.bootstrapServers(), Topic.AUDIT)) {
      return audit.readToEnd(Duration.ofSeconds(10)).stream()
          .filter(c -> c.event() != null && c.event().eventType() != EventType.AUDIT_API_CALL)
          .count();
    }
  }
}
