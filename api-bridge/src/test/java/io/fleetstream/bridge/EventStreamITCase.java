package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.internal.events.EventCategory;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.DispatchStack;
import io.fleetstream.bridge.testing.EventStreamClient;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/events} through the real bridge, broker and dispatch job: an account sees its
 * own jobs, drivers and the job's decisions as they happen and nobody else's; a client that
 * disconnects and comes back with {@code Last-Event-ID} gets exactly what it missed, read from the
 * log; refusals are the documented errors.
 */
class EventStreamITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PER_ACCOUNT = 3;

  static DispatchStack dispatch;
  static RunningBridge bridge;

  @BeforeAll
  static void start() throws Exception {
    dispatch = DispatchStack.start(KAFKA.bootstrapServers());
    bridge =
        RunningBridge.start(
            KAFKA.bootstrapServers(),
            RunningBridge.tempDir(),
            c ->
                c.withEvents(
                    new BridgeConfig.EventStreams(
                        MAX_PER_ACCOUNT, 100, 1000, Duration.ofSeconds(1))));
  }

  @AfterAll
  static void stop() throws Exception {
    bridge.close();
    dispatch.close();
  }

  @Test
  void liveEventsOfTheAccountOnlyAndAReconnectMissesNothing() throws Exception {
    Api api = bridge.api();
    String key = api.newKey("sse-a", 5);
    String other = api.newKey("sse-b", 5);
    String tenant = api.get("/api/v1/account").key(key).send().json().path("id").asText();
    String url = bridge.bridge().url() + "/api/v1/events";

    List<EventStreamClient.Event> received = new ArrayList<>();
    String driver;
    List<String> jobs = new ArrayList<>();
    try (EventStreamClient first = EventStreamClient.open(url, key, null)) {
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.contentType()).startsWith("text/event-stream");
      driver = create(api, key, "/api/v1/drivers", ApiContractITCase.SEED_DRIVER);
      jobs.add(create(api, key, "/api/v1/jobs", job("sse-1", 37.7749)));
      jobs.add(create(api, key, "/api/v1/jobs", job("sse-2", 37.7790)));
      create(api, other, "/api/v1/jobs", job("other-1", 37.7749));

      await("both jobs created and assigned, on the stream")
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                List<EventStreamClient.Event> seen = first.events();
                assertThat(subjects(seen, "job")).containsAll(jobs);
                assertThat(subjects(seen, "assignment")).containsAll(jobs);
                assertThat(subjects(seen, "driver")).contains(driver);
              });
      await("a heartbeat once nothing happens for a second")
          .atMost(Duration.ofSeconds(15))
          .until(() -> first.comments() > 0);
      received.addAll(first.events());
    }
    for (EventStreamClient.Event e : received) {
      assertThat(JSON.readTree(e.data()).path("tenant").asText()).isEqualTo(tenant);
      assertThat(EventCategory.byWireName(e.event())).isPresent();
    }
    String lastId = received.get(received.size() - 1).id();

    // Disconnected: two more jobs are created and decided.
    jobs.add(create(api, key, "/api/v1/jobs", job("sse-3", 37.7760)));
    jobs.add(create(api, key, "/api/v1/jobs", job("sse-4", 37.7770)));
    for (String job : jobs.subList(2, 4)) {
      await("job " + job + " assigned")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> api.get("/api/v1/jobs/" + job).key(key).send().json().path("status").asText(),
              "assigned"::equals);
    }

    try (EventStreamClient again = EventStreamClient.open(url, key, lastId)) {
      assertThat(again.status()).isEqualTo(200);
      await("everything of the account in the log arrived, across both connections")
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                List<String> all = ids(received);
                all.addAll(ids(again.events()));
                assertThat(all).containsAll(logIds(tenant));
              });
      List<String> all = ids(received);
      all.addAll(ids(again.events()));
      assertThat(all).as("no event twice").doesNotHaveDuplicates();
      Set<String> inLog = logIds(tenant);
      List<String> extra = new ArrayList<>();
      for (EventStreamClient.Event e : received) {
        if (!inLog.contains(read(e.data()).path("id").asText())) {
          extra.add("first: " + e.event() + " " + e.id() + " " + e.data());
        }
      }
      for (EventStreamClient.Event e : again.events()) {
        if (!inLog.contains(read(e.data()).path("id").asText())) {
          extra.add("again: " + e.event() + " " + e.id() + " " + e.data());
        }
      }
      assertThat(extra).as("nothing that is not in the log").isEmpty();
      assertThat(subjects(again.events(), "assignment")).contains(jobs.get(2), jobs.get(3));
    }

    // From the very start of the log ("1": every partition at offset 0), assignments only.
    try (EventStreamClient replay = EventStreamClient.open(url + "?types=assignment", key, "1")) {
      await("every assignment of the account replayed from the log")
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(subjects(replay.events(), "assignment")).containsAll(jobs));
      assertThat(replay.events()).allMatch(e -> e.event().equals("assignment"));
      assertThat(ids(replay.events())).doesNotHaveDuplicates();
    }
  }

  @Test
  void refusalsAreTheDocumentedErrors() throws Exception {
    Api api = bridge.api();
    String key = api.newKey("sse-errors", 0);

    Api.Response noAccept = api.get("/api/v1/events").key(key).send();
    assertThat(noAccept.status()).isEqualTo(406);
    assertThat(noAccept.error().path("code").asText()).isEqualTo("not_acceptable");
    assertThat(noAccept.error().path("param").asText()).isEqualTo("Accept");

    Api.Response badType = stream(api, key, "?types=job,weather", null);
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.error().path("param").asText()).isEqualTo("types");
    assertThat(badType.error().path("message").asText()).contains("weather", "assignment");

    for (String id : List.of("garbage", "1_99.0.1", "1_0.0.-1", "1_0.0.zzzzzzzzzzzzz")) {
      Api.Response badId = stream(api, key, "", id);
      assertThat(badId.status()).as(id).isEqualTo(400);
      assertThat(badId.error().path("param").asText()).as(id).isEqualTo("Last-Event-ID");
    }
    Api.Response pastTheEnd = stream(api, key, "", "1_0.0.zzzzzz");
    assertThat(pastTheEnd.status()).isEqualTo(400);
    assertThat(pastTheEnd.error().path("message").asText()).contains("past the end");

    Api.Response noKey = api.get("/api/v1/events").header("Accept", "text/event-stream").send();
    assertThat(noKey.status()).isEqualTo(401);

    String url = bridge.bridge().url() + "/api/v1/events";
    List<EventStreamClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_PER_ACCOUNT; i++) {
        open.add(EventStreamClient.open(url, key, null));
        assertThat(open.get(i).status()).isEqualTo(200);
      }
      Api.Response tooMany = stream(api, key, "", null);
      assertThat(tooMany.status()).isEqualTo(429);
      assertThat(tooMany.error().path("code").asText()).isEqualTo("concurrency_limited");
      assertThat(tooMany.header("Retry-After")).isNotNull();
    } finally {
      open.forEach(EventStreamClient::close);
    }
    await("a closed stream frees its place")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              try (EventStreamClient c = EventStreamClient.open(url, key, null)) {
                assertThat(c.status()).isEqualTo(200);
              }
            });
  }

  private static Api.Response stream(Api api, String key, String query, String lastEventId) {
    Api.Call call =
        api.get("/api/v1/events" + query).key(key).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      call.header("Last-Event-ID", lastEventId);
    }
    return call.send();
  }

  private static String create(Api api, String key, String path, String body) {
    Api.Response r = api.post(path).key(key).json(body).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static String job(String externalId, double lat) {
    return ApiContractITCase.SEED_JOB
        .replace("order-1234", externalId)
        .replace("37.7749", Double.toString(lat));
  }

  /** The subjects (job or driver ids) of the events of one type. */
  private static Set<String> subjects(List<EventStreamClient.Event> events, String type) {
    Set<String> out = new HashSet<>();
    for (EventStreamClient.Event e : events) {
      if (e.event().equals(type)) {
        JsonNode n = read(e.data());
        out.add(n.path("subject").asText());
        out.add(n.path("partitionkey").asText());
      }
    }
    return out;
  }

  private static List<String> ids(List<EventStreamClient.Event> events) {
    return events.stream()
        .map(e -> read(e.data()).path("id").asText())
        .collect(Collectors.toCollection(ArrayList::new));
  }

  /** Every event of the account on the streamed topics, read from the log. */
  private static Set<String> logIds(String tenant) {
    try (EventConsumer log =
        new EventConsumer(KAFKA.bootstrapServers(), EventCategory.TOPICS.toArray(Topic[]::new))) {
      return log.readToEnd(Duration.ofSeconds(30)).stream()
          .filter(c -> c.event() != null && tenant.equals(c.event().tenant()))
          .map(c -> c.event().id())
          .collect(Collectors.toSet());
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
