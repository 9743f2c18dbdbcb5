package io.fleetstream.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.connectors.outbound.OutboundPolicy;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.functions.webhooks.WebhookDeliveryConfig;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DeliveryData;
import io.fleetstream.schemas.events.WebhookEndpointData;
import io.fleetstream.schemas.events.WebhookEventData;
import io.fleetstream.schemas.json.EventJson;
import io.fleetstream.statefun.FunctionsRuntime;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhook events on Kafka reach subscribers through a real StateFun runtime (its own JVM) and the
 * functions served over HTTP: signed both ways, in order per endpoint, retried, dead-lettered, and
 * an endpoint answering 410 turned off — every attempt on the deliveries topic.
 */
class WebhookDeliveryITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String TENANT_A = "acct_hooks_a";
  private static final String TENANT_B = "acct_hooks_b";
  private static final String SECRET_A =
      "whsec_"
          + Base64.getEncoder()
              .encodeToString(
                  new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                    23, 24
                  });
  private static final String SECRET_B =
      "whsec_"
          + Base64.getEncoder()
              .encodeToString("tenant-b-secret-0123456789".getBytes(StandardCharsets.UTF_8));

  /** Under target/, so the runtime's log outlives a failed run. */
  private Path dir;

  private final SecretSeal seal = SecretSeal.fromBase64Key(SecretSeal.newBase64Key());
  private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
  private final AtomicInteger flakyCalls = new AtomicInteger();
  private HttpServer receiver;
  private FunctionsServer functions;
  private FunctionsRuntime runtime;

  record Received(Map<String, String> headers, String body, long at) {}

  @BeforeEach
  void start() throws Exception {
    dir =
        java.nio.file.Files.createTempDirectory(
            java.nio.file.Files.createDirectories(Path.of("target")), "webhook-delivery-");
    TopicAdmin.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .partitions(2)
        .build()
        .ensureTopics();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          Map<String, String> headers = new ConcurrentHashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received
              .computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
              .add(new Received(headers, body, System.nanoTime()));
          int status =
              switch (path) {
                case "/flaky" -> flakyCalls.incrementAndGet() % 3 == 0 ? 200 : 500;
                case "/gone" -> 410;
                case "/down" -> 503;
                default -> 200;
              };
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    functions =
        FunctionsServer.builder()
            .delivery(
                new WebhookDeliveryConfig(
                    seal,
                    List.of(
                        Duration.ZERO,
                        Duration.ofMillis(300),
                        Duration.ofMillis(300),
                        Duration.ofMillis(300)),
                    0.1,
                    Duration.ofSeconds(5),
                    Duration.ofDays(5),
                    OutboundPolicy.ALLOW_ALL))
            .build()
            .start();
    runtime =
        FunctionsRuntime.builder()
            .dataDir(dir.resolve("statefun"))
            .moduleYaml(
                FunctionsModule.yaml(
                    KAFKA.bootstrapServers(), functions.url(), Duration.ofMinutes(1)))
            .checkpointInterval(Duration.ofMillis(500))
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (functions != null) {
      functions.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void eventsReachEverySubscribedEndpointSignedInOrderWithRetriesDeadLettersAndGone()
      throws Exception {
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers());
        EventConsumer deliveries =
            new EventConsumer(
                KAFKA.bootstrapServers(), Topic.DELIVERIES, Topic.WEBHOOK_ENDPOINTS)) {
      producer.send(
          endpoint(
              TENANT_A,
              "whe_ok",
              base + "/ok",
              List.of("job.assigned", "job.completed"),
              SECRET_A));
      producer.send(endpoint(TENANT_A, "whe_flaky", base + "/flaky", List.of("*"), SECRET_A));
      producer.send(
          endpoint(TENANT_A, "whe_gone", base + "/gone", List.of("job.assigned"), SECRET_A));
      producer.send(
          endpoint(TENANT_A, "whe_down", base + "/down", List.of("job.completed"), SECRET_A));
      producer.send(endpoint(TENANT_A, "whe_sla", base + "/sla", List.of("sla.at_risk"), SECRET_A));
      producer.send(endpoint(TENANT_B, "whe_b", base + "/b", List.of("job.assigned"), SECRET_B));
      producer.flush();
      try (var raw =
          new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
              Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
              new org.apache.kafka.common.serialization.ByteArraySerializer(),
              new org.apache.kafka.common.serialization.ByteArraySerializer())) {
        // A broken record ahead of the real ones: dead-lettered, and nothing behind it waits.
        raw.send(
                new org.apache.kafka.clients.producer.ProducerRecord<>(
                    Topic.WEBHOOKS.topicName(),
                    (TENANT_A + "/job_1").getBytes(StandardCharsets.UTF_8),
                    "{\"not\": \"a cloud event\"".getBytes(StandardCharsets.UTF_8)))
            .get();
      }
      producer.send(webhook(TENANT_A, "job_1", "job.assigned"));
      producer.send(webhook(TENANT_A, "job_1", "job.completed"));
      producer.send(webhook(TENANT_A, "job_2", "job.assigned"));
      producer.send(webhook(TENANT_B, "job_9", "job.assigned"));
      producer.flush();

      List<EventConsumer.Consumed> seen = new ArrayList<>();
      await("every attempt ended: delivered, dead-lettered or endpoint disabled")
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> {
                seen.addAll(deliveries.poll(Duration.ofMillis(200)));
                String all = everyAttempt(seen) + ", received " + receivedPaths();
                assertThat(outcomes(seen, "whe_ok"))
                    .as(all)
                    .containsExactly("delivered", "delivered", "delivered");
                assertThat(outcomes(seen, "whe_b")).as(all).containsExactly("delivered");
                assertThat(outcomes(seen, "whe_flaky"))
                    .as(all + " (three job events and whe_gone's endpoint.disabled)")
                    .filteredOn("delivered"::equals)
                    .hasSize(4);
                assertThat(outcomes(seen, "whe_down")).as(all).endsWith("dead_lettered");
                assertThat(outcomes(seen, "whe_gone")).as(all).contains("endpoint_disabled");
              });

      // Signed both ways with the endpoint's secret, the body in the seed's shape plus an id.
      List<Received> ok = received.get("/ok");
      assertThat(ok).hasSize(3);
      for (Received r : ok) {
        assertSigned(r, SECRET_A);
      }
      assertInOrderPerJob(ok.stream().map(r -> jobAndEvent(r.body())).toList());
      assertSigned(received.get("/b").get(0), SECRET_B);
      assertThat(received.get("/b"))
          .extracting(r -> jobAndEvent(r.body()))
          .containsExactly("job_9 job.assigned");
      assertThat(received).doesNotContainKey("/sla");

      // Retried with the same delivery id until it went through, and still in order.
      List<Received> flaky = received.get("/flaky");
      assertThat(flaky).hasSize(12);
      for (int i = 0; i < 12; i += 3) {
        assertThat(flaky.subList(i, i + 3))
            .as("each event's three attempts, one after the other, with one id")
            .extracting(r -> r.headers().get("webhook-id"))
            .containsOnly(flaky.get(i).headers().get("webhook-id"));
      }
      List<String> deliveredToFlaky =
          List.of(flaky.get(2), flaky.get(5), flaky.get(8), flaky.get(11)).stream()
              .map(r -> eventOf(r.body()))
              .toList();
      assertThat(deliveredToFlaky)
          .as("the tenant's \"*\" endpoint hears that whe_gone was disabled")
          .contains("whe_gone endpoint.disabled");
      assertInOrderPerJob(
          deliveredToFlaky.stream().filter(e -> !e.endsWith("endpoint.disabled")).toList());
      assertThat(attempts(seen, "whe_flaky")).startsWith("1 retrying", "2 retrying", "3 delivered");
      DeliveryData retrying = delivery(seen, "whe_flaky", "retrying");
      assertThat(retrying.httpStatus()).isEqualTo(500);
      assertThat(retrying.errorClass()).isEqualTo("http_5xx");
      assertThat(retrying.nextAttemptAt()).isAfter(retrying.attemptedAt());

      // Four attempts (the schedule's length), then the dead letter.
      assertThat(received.get("/down")).hasSize(4);
      assertThat(attempts(seen, "whe_down"))
          .containsExactly("1 retrying", "2 retrying", "3 retrying", "4 dead_lettered");

      // 410: one attempt, the endpoint disabled at once and said so on the endpoints topic.
      assertThat(received.get("/gone")).hasSize(1);
      assertThat(delivery(seen, "whe_gone", "endpoint_disabled").errorClass()).isEqualTo("gone");
      await("the endpoint's disabling on the endpoints topic")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                seen.addAll(deliveries.poll(Duration.ofMillis(200)));
                assertThat(seen)
                    .filteredOn(
                        c ->
                            c.topic().equals(Topic.WEBHOOK_ENDPOINTS.topicName())
                                && c.event() != null)
                    .extracting(c -> c.event().data(WebhookEndpointData.class))
                    .anySatisfy(
                        e -> {
                          assertThat(e.endpointId()).isEqualTo("whe_gone");
                          assertThat(e.enabled()).isFalse();
                          assertThat(e.disabledReason()).isEqualTo("gone");
                        });
              });
      assertThat(seen)
          .allSatisfy(c -> assertThat(c.invalidReason()).as("breaks its schema").isNull());
    }
  }

  /**
   * All three events, job_1's in the order they happened. Events of different jobs travel in
   * different partitions, so only each job's own order is promised.
   */
  private static void assertInOrderPerJob(List<String> delivered) {
    assertThat(delivered)
        .containsExactlyInAnyOrder(
            "job_1 job.assigned", "job_1 job.completed", "job_2 job.assigned");
    assertThat(delivered.indexOf("job_1 job.assigned"))
        .as("job_1's assignment before its completion in %s", delivered)
        .isLessThan(delivered.indexOf("job_1 job.completed"));
  }

  private static void assertSigned(Received r, String secret) throws Exception {
    String t = r.headers().get("webhook-timestamp");
    String id = r.headers().get("webhook-id");
    assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t))).isLessThan(300);
    assertThat(r.headers().get("x-ownroute-signature"))
        .isEqualTo(
            "t="
                + t
                + ",v1="
                + HexFormat.of()
                    .formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), t + "." + r.body())));
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    assertThat(r.headers().get("webhook-signature"))
        .isEqualTo(
            "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + t + "." + r.body())));
    assertThat(r.headers().get("x-ownroute-delivery")).isEqualTo(id);
    assertThat(EventJson.mapper().readTree(r.body()).get("id").asText()).isEqualTo(id);
  }

  private static byte[] hmac(byte[] key, String message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code job_1 job.assigned}, or for a notice about an endpoint {@code whe_x endpoint.disabled}.
   */
  private static String eventOf(String body) {
    try {
      var json = EventJson.mapper().readTree(body);
      var data = json.get("data");
      String subject =
          data.has("job_id") ? data.get("job_id").asText() : data.get("endpoint_id").asText();
      return subject + " " + json.get("event").asText();
    } catch (Exception e) {
      throw new AssertionError(body, e);
    }
  }

  private static String jobAndEvent(String body) {
    try {
      var json = EventJson.mapper().readTree(body);
      return json.get("data").get("job_id").asText() + " " + json.get("event").asText();
    } catch (Exception e) {
      throw new AssertionError(body, e);
    }
  }

  private static List<DeliveryData> deliveriesOf(
      List<EventConsumer.Consumed> seen, String endpointId) {
    return seen.stream()
        .filter(c -> c.topic().equals(Topic.DELIVERIES.topicName()) && c.event() != null)
        .map(c -> c.event().data(DeliveryData.class))
        .filter(d -> d.endpointId().equals(endpointId))
        .toList();
  }

  /** Every attempt so far, per endpoint: what a failure message needs to show. */
  private static Map<String, List<String>> everyAttempt(List<EventConsumer.Consumed> seen) {
    Map<String, List<String>> all = new java.util.TreeMap<>();
    seen.stream()
        .filter(c -> c.topic().equals(Topic.DELIVERIES.topicName()) && c.event() != null)
        .map(c -> c.event().data(DeliveryData.class))
        .forEach(
            d ->
                all.computeIfAbsent(d.endpointId(), k -> new ArrayList<>())
                    .add(d.deliveryId() + "#" + d.attempt() + " " + d.outcome()));
    return all;
  }

  private Map<String, Integer> receivedPaths() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    received.forEach((path, list) -> counts.put(path, list.size()));
    return counts;
  }

  private static List<String> outcomes(List<EventConsumer.Consumed> seen, String endpointId) {
    return deliveriesOf(seen, endpointId).stream().map(DeliveryData::outcome).toList();
  }

  private static List<String> attempts(List<EventConsumer.Consumed> seen, String endpointId) {
    return deliveriesOf(seen, endpointId).stream()
        .map(d -> d.attempt() + " " + d.outcome())
        .toList();
  }

  private static DeliveryData delivery(
      List<EventConsumer.Consumed> seen, String endpointId, String outcome) {
    return deliveriesOf(seen, endpointId).stream()
        .filter(d -> d.outcome().equals(outcome))
        .findFirst()
        .orElseThrow();
  }

  private CloudEvent endpoint(
      String tenant, String id, String url, List<String> events, String secret) {
    return CloudEvent.create(
        EventType.WEBHOOK_ENDPOINT_UPSERTED,
        "/test",
        tenant,
        id,
        new WebhookEndpointData(
            id,
            url,
            events,
            true,
            null,
            seal.seal(tenant, secret),
            null,
            null,
            null,
            Instant.now()));
  }

  private static CloudEvent webhook(String tenant, String jobId, String name) {
    return CloudEvent.create(
        EventType.WEBHOOK_EVENT,
        "/test",
        tenant,
        jobId,
        new WebhookEventData(
            name, Map.of("job_id", jobId), "evt_src_" + jobId + "_" + name, Instant.now()));
  }
}
