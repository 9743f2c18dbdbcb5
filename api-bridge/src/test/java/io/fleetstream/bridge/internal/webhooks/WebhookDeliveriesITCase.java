package io.fleetstream.bridge.internal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DeliveryData;
import io.fleetstream.schemas.events.WebhookEndpointData;
import io.fleetstream.schemas.events.WebhookEventData;
import io.fleetstream.schemas.events.WebhookReplayData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the delivery functions write reaches the API: attempts on {@code fleetstream.deliveries.v1}
 * become the endpoint's delivery list, and an endpoint they disabled (410, sustained failure) reads
 * as disabled. The functions are stood in for by the same events written to the same topics.
 */
class WebhookDeliveriesITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static RunningBridge bridge;
  static Api api;

  @BeforeAll
  static void start() {
    bridge =
        RunningBridge.start(
            KAFKA.bootstrapServers(),
            RunningBridge.tempDir(),
            c -> c.withAllowPrivateWebhookTargets(true));
    api = bridge.api();
  }

  @AfterAll
  static void stop() throws Exception {
    if (bridge != null) {
      bridge.close();
    }
  }

  @Test
  void attemptsAreListedNewestFirstPagedFilteredAndOnlyToTheirTenant() throws Exception {
    Api.Response signup = api.signup("deliveries-a", null);
    String key = signup.json().path("api_key").asText();
    String tenant = signup.json().path("account_id").asText();
    String other = api.newKey("deliveries-b", 0);
    String hook = endpoint(key, "http://127.0.0.1:9/a");
    String otherHook = endpoint(other, "http://127.0.0.1:9/b");
    Instant t0 = Instant.parse("2026-12-04T10:00:00Z");
    try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      producer.send(attempt(tenant, hook, "evt_one", 1, "retrying", 500, "http_5xx", t0));
      producer.send(attempt(tenant, hook, "evt_one", 2, "delivered", 200, null, t0.plusSeconds(5)));
      producer.send(attempt(tenant, hook, "evt_two", 1, "delivered", 204, null, t0.plusSeconds(7)));
      // Another tenant's attempts never show, even under this endpoint's id.
      producer.send(attempt("acct_elsewhere", hook, "evt_x", 1, "delivered", 200, null, t0));
      producer.flush();
    }

    await("three attempts listed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> attempts(key, hook, "").size() == 3);
    List<JsonNode> all = attempts(key, hook, "");
    assertThat(all)
        .extracting(a -> a.path("delivery_id").asText() + "#" + a.path("attempt").asInt())
        .as("newest first")
        .containsExactly("evt_two#1", "evt_one#2", "evt_one#1");
    JsonNode retried = all.get(2);
    assertThat(retried.path("outcome").asText()).isEqualTo("retrying");
    assertThat(retried.path("http_status").asInt()).isEqualTo(500);
    assertThat(retried.path("error_class").asText()).isEqualTo("http_5xx");
    assertThat(retried.path("latency_ms").asLong()).isEqualTo(42);
    assertThat(retried.path("next_attempt_at").asText()).isEqualTo("2026-12-04T10:00:05Z");

    Api.Response first = api.get(path(hook) + "?limit=2").key(key).send();
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().path("has_more").asBoolean()).isTrue();
    Api.Response second =
        api.get(path(hook) + "?limit=2&cursor=" + first.json().path("next_cursor").asText())
            .key(key)
            .send();
    assertThat(second.json().path("data").get(0).path("delivery_id").asText()).isEqualTo("evt_one");
    assertThat(second.json().path("data").get(0).path("attempt").asInt()).isEqualTo(1);
    assertThat(second.json().path("has_more").asBoolean()).isFalse();

    assertThat(attempts(key, hook, "?outcome=retrying")).hasSize(1);
    assertThat(attempts(key, hook, "?delivery_id=evt_one")).hasSize(2);
    Api.Response bad = api.get(path(hook) + "?outcome=lost").key(key).send();
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.error().path("param").asText()).isEqualTo("outcome");
    assertThat(api.get(path(hook)).key(other).send().status())
        .as("another tenant's endpoint")
        .isEqualTo(404);
    assertThat(attempts(other, otherHook, "")).isEmpty();
  }

  @Test
  void anEndpointTheFunctionsDisabledReadsAsDisabledAndAnOlderChangeIsIgnored() throws Exception {
    Api.Response signup = api.signup("deliveries-gone", null);
    String key = signup.json().path("api_key").asText();
    String tenant = signup.json().path("account_id").asText();
    String hook = endpoint(key, "http://127.0.0.1:9/gone");
    JsonNode created = api.get("/api/v1/webhook_endpoints/" + hook).key(key).send().json();
    Instant createdAt = Instant.parse(created.path("updated_at").asText());
    try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      // A stale change (older than what the bridge holds) must not undo the newer state.
      producer.send(
          change(tenant, hook, "http://127.0.0.1:9/stale", true, null, createdAt.minusSeconds(60)));
      producer.send(
          change(tenant, hook, "http://127.0.0.1:9/gone", false, "gone", createdAt.plusSeconds(1)));
      producer.flush();
    }
    await("the endpoint reads as disabled")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !api.get("/api/v1/webhook_endpoints/" + hook)
                    .key(key)
                    .send()
                    .json()
                    .path("enabled")
                    .asBoolean(true));
    JsonNode after = api.get("/api/v1/webhook_endpoints/" + hook).key(key).send().json();
    assertThat(after.path("disabled_reason").asText()).isEqualTo("gone");
    assertThat(after.path("url").asText()).isEqualTo("http://127.0.0.1:9/gone");
    assertThat(after.path("created_at").asText()).isEqualTo(created.path("created_at").asText());

    // Turning it back on is the subscriber's call, through the API.
    Api.Response on =
        api.patch("/api/v1/webhook_endpoints/" + hook).key(key).json("{\"enabled\": true}").send();
    assertThat(on.status()).isEqualTo(200);
    assertThat(on.json().path("enabled").asBoolean()).isTrue();
    assertThat(on.json().has("disabled_reason")).isFalse();
  }

  @Test
  void aDeliveredEventCanBeReplayedToItsEndpointWithTheSameBody() throws Exception {
    Api.Response signup = api.signup("deliveries-replay", null);
    String key = signup.json().path("api_key").asText();
    String tenant = signup.json().path("account_id").asText();
    String hook = endpoint(key, "http://127.0.0.1:9/replay");
    Instant happened = Instant.parse("2026-12-04T09:00:00.250Z");
    CloudEvent original =
        CloudEvent.create(
            EventType.WEBHOOK_EVENT,
            "/fleetstream/dispatch-job",
            tenant,
            "job_r",
            new WebhookEventData(
                "job.assigned", Map.of("job_id", "job_r", "score", 91.5), "evt_src_r", happened));
    try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      producer.send(original);
      producer.send(
          attempt(tenant, hook, original.id(), 1, "delivered", 200, null, happened.plusSeconds(1)));
      producer.flush();
    }
    await("the attempt is listed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> attempts(key, hook, "").size() == 1);

    assertThat(api.post(replay(hook, "evt_never")).key(key).send().status())
        .as("a delivery this endpoint never had")
        .isEqualTo(404);
    Api.Response queued;
    try (EventConsumer topic = new EventConsumer(KAFKA.bootstrapServers(), Topic.WEBHOOKS)) {
      queued = api.post(replay(hook, original.id())).key(key).send();
      assertThat(queued.status()).as("%s", queued).isEqualTo(202);
      assertThat(queued.header("Location"))
          .isEqualTo(
              "/api/v1/webhook_endpoints/" + hook + "/deliveries?delivery_id=" + original.id());
      List<WebhookReplayData> requests = new ArrayList<>();
      await("the replay request on the webhooks topic")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                topic.poll(Duration.ofMillis(200)).stream()
                    .filter(c -> c.event() != null)
                    .filter(c -> c.event().eventType() == EventType.WEBHOOK_REPLAY_REQUESTED)
                    .forEach(c -> requests.add(c.event().data(WebhookReplayData.class)));
                return !requests.isEmpty();
              });
      WebhookReplayData request = requests.get(0);
      assertThat(request.endpointId()).isEqualTo(hook);
      assertThat(request.eventId()).isEqualTo(original.id());
      assertThat(request.event()).isEqualTo("job.assigned");
      assertThat(request.data()).isEqualTo(Map.of("job_id", "job_r", "score", 91.5));
      assertThat(request.sourceEventId()).isEqualTo("evt_src_r");
      assertThat(request.occurredAt()).isEqualTo(happened);
    }

    api.patch("/api/v1/webhook_endpoints/" + hook).key(key).json("{\"enabled\": false}").send();
    Api.Response refused = api.post(replay(hook, original.id())).key(key).send();
    assertThat(refused.status()).as("a disabled endpoint").isEqualTo(409);
  }

  private static String replay(String hook, String deliveryId) {
    return "/api/v1/webhook_endpoints/" + hook + "/deliveries/" + deliveryId + "/replay";
  }

  private static String endpoint(String key, String url) {
    Api.Response r =
        api.post("/api/v1/webhook_endpoints")
            .key(key)
            .json("{\"url\": \"" + url + "\", \"events\": [\"job.assigned\"]}")
            .send();
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static String path(String hook) {
    return "/api/v1/webhook_endpoints/" + hook + "/deliveries";
  }

  private static List<JsonNode> attempts(String key, String hook, String query) {
    Api.Response r = api.get(path(hook) + query).key(key).send();
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return new ArrayList<>(
        StreamSupport.stream(r.json().path("data").spliterator(), false).toList());
  }

  private static CloudEvent attempt(
      String tenant,
      String hook,
      String deliveryId,
      int attempt,
      String outcome,
      int status,
      String errorClass,
      Instant at) {
    return CloudEvent.create(
        EventType.DELIVERY_ATTEMPTED,
        "/functions/webhook-endpoint",
        tenant,
        hook,
        new DeliveryData(
            deliveryId,
            hook,
            "job.assigned",
            deliveryId,
            attempt,
            outcome,
            status,
            errorClass,
            42,
            "retrying".equals(outcome) ? at.plusSeconds(5) : null,
            at));
  }

  private static CloudEvent change(
      String tenant, String hook, String url, boolean enabled, String reason, Instant at) {
    return CloudEvent.create(
        EventType.WEBHOOK_ENDPOINT_UPSERTED,
        "/functions/webhook-endpoint",
        tenant,
        hook,
        new WebhookEndpointData(
            hook,
            url,
            List.of("job.assigned"),
            enabled,
            null,
            SecretSeal.fromBase64Key(SecretSeal.newBase64Key()).seal(tenant, "whsec_c3RhbmQtaW4="),
            null,
            null,
            reason,
            at));
  }
}
