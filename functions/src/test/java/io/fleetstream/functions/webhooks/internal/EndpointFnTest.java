package io.fleetstream.functions.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fleetstream.connectors.outbound.OutboundHttp;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.statefun.sdk.egress.generated.KafkaProducerRecord;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.apache.flink.statefun.sdk.java.testing.SideEffects;
import org.apache.flink.statefun.sdk.java.testing.TestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One endpoint's function with the SDK's test context and a real local HTTP receiver: what it
 * sends, schedules and writes for each answer the receiver gives.
 */
class EndpointFnTest {

  private static final String TENANT = "acct_unit";
  private static final Address SELF = new Address(EndpointFn.TYPE, TENANT + "/whe_1");

  private static final OutboundPolicy ALL = OutboundPolicy.ALLOW_ALL;
  private static final OutboundHttp HTTP = OutboundHttp.builder().policy(ALL).build();
  private static final OutboundHttp HTTP_PUBLIC_ONLY = OutboundHttp.builder().build();

  private final SecretSeal seal = SecretSeal.fromBase64Key(SecretSeal.newBase64Key());
  private final Deque<int[]> answers = new ArrayDeque<>(); // {status, retry-after seconds or -1}
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private volatile long answerDelayMs;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          Map<String, String> headers = new java.util.HashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
          headers.put(
              "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          requests.add(headers);
          if (answerDelayMs > 0) {
            try {
              Thread.sleep(answerDelayMs);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          int[] answer = answers.isEmpty() ? new int[] {200, -1} : answers.poll();
          if (answer[1] >= 0) {
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(answer[1]));
          }
          exchange.sendResponseHeaders(answer[0], -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  @Test
  void aFailedAttemptIsRetriedOnTheScheduleWithJitterAndThenDelivered() throws Exception {
    EndpointFn fn = fn(List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20)), 0.2);
    TestContext context = TestContext.forTarget(SELF);
    apply(fn, context, endpointChange(endpoint(null, null, true)));
    answers.add(new int[] {500, -1});

    apply(fn, context, deliver("evt_1", "job.assigned"));

    assertThat(requests).hasSize(1);
    SideEffects.SendAfterSideEffect retry = context.getSentDelayedMessages().get(0);
    assertThat(retry.duration()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
    assertThat(retry.message().as(Messages.TICK)).isEqualTo(new Messages.Tick("evt_1", 1));
    DeliveryData first = deliveries(context).get(0);
    assertThat(first.outcome()).isEqualTo("retrying");
    assertThat(first.attempt()).isEqualTo(1);
    assertThat(first.httpStatus()).isEqualTo(500);
    assertThat(first.errorClass()).isEqualTo("http_5xx");
    assertThat(first.nextAttemptAt()).isAfter(first.attemptedAt().plusSeconds(7));

    apply(fn, context, retry.message());

    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).get("webhook-id"))
        .as("the same id on every attempt")
        .isEqualTo(requests.get(0).get("webhook-id"))
        .isEqualTo("evt_1");
    assertThat(deliveries(context))
        .extracting(DeliveryData::outcome)
        .containsExactly("retrying", "delivered");
    assertThat(context.storage().get(EndpointFn.OUTBOX)).isEmpty();
  }

  @Test
  void aLaterEventWaitsBehindAnEarlierOneUntilItIsDone() throws Exception {
    EndpointFn fn = fn(List.of(Duration.ZERO, Duration.ofSeconds(5)), 0);
    TestContext context = TestContext.forTarget(SELF);
    apply(fn, context, endpointChange(endpoint(null, null, true)));
    answers.add(new int[] {503, 30});

    apply(fn, context, deliver("evt_1", "job.assigned"));
    apply(fn, context, deliver("evt_2", "job.completed"));

    assertThat(requests).as("evt_2 is not sent while evt_1 waits for its retry").hasSize(1);
    assertThat(context.getSentDelayedMessages().get(0).duration())
        .as("Retry-After: 30 outweighs the schedule's 5 s")
        .isEqualTo(Duration.ofSeconds(30));

    apply(fn, context, context.getSentDelayedMessages().get(0).message());
    assertThat(requests)
        .as("once evt_1 is through, evt_2 follows in the same invocation (a fast endpoint)")
        .extracting(r -> r.get("webhook-id"))
        .containsExactly("evt_1", "evt_1", "evt_2");
  }

  @Test
  void afterTheLastAttemptTheEventIsDeadLetteredAndTheNextOneGoes() throws Exception {
    EndpointFn fn = fn(List.of(Duration.ZERO, Duration.ofSeconds(1)), 0);
    TestContext context = TestContext.forTarget(SELF);
    apply(fn, context, endpointChange(endpoint(null, null, true)));
    answers.add(new int[] {500, -1});
    answers.add(new int[] {404, -1});

    apply(fn, context, deliver("evt_1", "job.assigned"));
    apply(fn, context, deliver("evt_2", "job.assigned"));
    apply(fn, context, context.getSentDelayedMessages().get(0).message());

    assertThat(deliveries(context))
        .extracting(d -> d.attempt() + " " + d.outcome() + " " + d.errorClass())
        .containsExactly("1 retrying http_5xx", "2 dead_lettered http_4xx");
    assertThat(
            context
                .getSentMessages()
                .get(context.getSentMessages().size() - 1)
                .message()
                .as(Messages.TICK))
        .isEqualTo(new Messages.Tick("evt_2", 0));
  }

  @Test
  void goneDisablesTheEndpointAtOnceAndTellsTheTenantsOtherEndpoints() throws Exception {
    EndpointFn fn = fn(List.of(Duration.ZERO, Duration.ofSeconds(1)), 0);
    TestContext context = TestContext.forTarget(SELF);
    apply(fn, context, endpointChange(endpoint(null, null, true)));
    answers.add(new int[] {410, -1});

    apply(fn, context, deliver("evt_1", "job.assigned"));
    apply(fn, context, deliver("evt_2", "job.assigned"));

    assertThat(requests).hasSize(1);
    assertThat(deliveries(context))
        .extracting(d -> d.deliveryId() + " " + d.outcome() + " " + d.errorClass())
        .containsExactly("evt_1 endpoint_disabled gone", "evt_2 endpoint_disabled null");
    assertDisabled(context, "gone");
  }

  @Test
  void anEndpointFailingForLongerThanTheLimitIsDisabledWhenItsNextEventIsDeadLettered()
      throws Exception {
    EndpointFn fn =
        new EndpointFn(
            new WebhookDeliveryConfig(
                seal, List.of(Duration.ZERO), 0, Duration.ofSeconds(5), Duration.ZERO, ALL),
            HTTP);
    TestContext context = TestContext.forTarget(SELF);
    apply(fn, context, endpointChange(endpoint(null, null, true)));
    answers.add(new int[] {500, -1});

    apply(fn, context, deliver("evt_1", "job.assigned"));

    assertThat(deliveries(context))
        .extracting(DeliveryData::outcome)
        .containsExactly("dead_lettered");
    assertDisabled(context, "sustained_failure");
  }

  @Test
  void aTargetOnANonPublicAddressIsRefusedBeforeAnythingIsSent() throws Exception {
    EndpointFn fn =
        new EndpointFn(
            new WebhookDeliveryConfig(
                seal,
                List.of(Duration.ZERO),
                0,
                Duration.ofSeconds(5),
                Duration.ofDays(5),
                OutboundPolicy.PUBLIC_ONLY),
            HTTP_PUBLIC_ONLY);
    TestContext context = TestContext.forTarget(SELF);
    apply(fn, context, endpointChange(endpoint(null, null, true)));

    apply(fn, context, deliver("evt_1", "job.assigned"));

    assertThat(requests).as("nothing reaches 127.0.0.1").isEmpty();
    assertThat(deliveries(context))
        .extracting(d -> d.outcome() + " " + d.errorClass())
        .containsExactly("dead_lettered refused_address");
  }

  @Test
  void aSecretSealedByAnotherInstallationIsRetriedWithoutSendingAnythingNeverAFailure()
      throws Exception {
    EndpointFn fn = fn(List.of(Duration.ZERO, Duration.ofSeconds(10)), 0);
    TestContext context = TestContext.forTarget(SELF);
    SecretSeal elsewhere = SecretSeal.fromBase64Key(SecretSeal.newBase64Key());
    WebhookEndpointData here = endpoint(null, null, true);
    apply(
        fn,
        context,
        endpointChange(
            new WebhookEndpointData(
                here.endpointId(),
                here.url(),
                here.events(),
                true,
                null,
                elsewhere.seal(TENANT, "whsec_bmV3"),
                null,
                null,
                null,
                Instant.now())));

    apply(fn, context, deliver("evt_1", "job.assigned"));

    assertThat(requests).as("nothing unsigned or wrongly signed goes out").isEmpty();
    assertThat(deliveries(context))
        .extracting(d -> d.outcome() + " " + d.errorClass())
        .containsExactly("retrying secret_unreadable");

    // The account rotates its secret: the endpoint change reaches the function, the retry signs.
    apply(fn, context, endpointChange(endpoint(null, null, true)));
    apply(fn, context, context.getSentDelayedMessages().get(0).message());
    assertThat(requests).hasSize(1);
    assertThat(deliveries(context))
        .extracting(DeliveryData::outcome)
        .containsExactly("retrying", "delivered");
  }

  @Test
  void aSlowEndpointsNextEventIsAttemptedInAnInvocationOfItsOwn() throws Exception {
    EndpointFn fn = fn(List.of(Duration.ZERO), 0);
    TestContext context = TestContext.forTarget(SELF);
    apply(fn, context, endpointChange(endpoint(null, null, true)));
    answerDelayMs = EndpointFn.SLOW_ATTEMPT_MS + 100;

    fn.apply(context, deliver("evt_1", "job.assigned")).get();
    assertThat(requests).as("a fresh endpoint is attempted at once").hasSize(1);
    answerDelayMs = 0;

    int sentBefore = context.getSentMessages().size();
    fn.apply(context, deliver("evt_2", "job.assigned")).get();
    assertThat(requests).as("not within the invocation that brought it").hasSize(1);
    Message tick = context.getSentMessages().get(sentBefore).message();
    assertThat(tick.as(Messages.TICK)).isEqualTo(new Messages.Tick("evt_2", 0));

    fn.apply(context, tick).get();
    assertThat(requests).hasSize(2);
    int afterFast = context.getSentMessages().size();
    fn.apply(context, deliver("evt_3", "job.assigned")).get();
    assertThat(requests).as("fast again: attempted at once").hasSize(3);
    assertThat(context.getSentMessages()).hasSize(afterFast);
  }

  @Test
  void aBacklogGoesOutInChainsOfAtMostMaxChainedPerInvocation() throws Exception {
    EndpointFn fn = fn(List.of(Duration.ZERO, Duration.ofSeconds(5)), 0);
    TestContext context = TestContext.forTarget(SELF);
    apply(fn, context, endpointChange(endpoint(null, null, true)));
    answers.add(new int[] {503, -1});
    apply(fn, context, deliver("evt_0", "job.assigned")); // fails: the rest queue behind it
    int backlog = EndpointFn.MAX_CHAINED + 5;
    for (int i = 1; i <= backlog; i++) {
      apply(fn, context, deliver("evt_" + i, "job.assigned"));
    }
    assertThat(requests).hasSize(1);

    int sentBefore = context.getSentMessages().size();
    apply(fn, context, context.getSentDelayedMessages().get(0).message());

    assertThat(requests)
        .as("the retried head and then a chain")
        .hasSize(1 + EndpointFn.MAX_CHAINED);
    Message tick = context.getSentMessages().get(sentBefore).message();
    assertThat(tick.as(Messages.TICK).eventId())
        .as("the rest continues in an invocation of its own")
        .isEqualTo("evt_" + EndpointFn.MAX_CHAINED);
    apply(fn, context, tick);
    assertThat(requests).hasSize(1 + backlog + 1);
    assertThat(requests.stream().skip(1).map(r -> r.get("webhook-id")).toList())
        .as("in order")
        .isEqualTo(
            java.util.stream.IntStream.rangeClosed(0, backlog).mapToObj(i -> "evt_" + i).toList());
  }

  @Test
  void duringARotationBothSecretsSignAndAfterItOnlyTheNewOne() throws Exception {
    EndpointFn fn = fn(List.of(Duration.ZERO), 0);
    TestContext context = TestContext.forTarget(SELF);
    apply(fn, context, endpointChange(endpoint("whsec_b2xk", Instant.now().plusSeconds(60), true)));
    apply(fn, context, deliver("evt_1", "job.assigned"));
    apply(fn, context, endpointChange(endpoint("whsec_b2xk", Instant.now().minusSeconds(1), true)));
    apply(fn, context, deliver("evt_2", "job.assigned"));

    assertThat(requests.get(0).get("webhook-signature").split(" ")).hasSize(2);
    assertThat(requests.get(0).get("x-ownroute-signature").split(",v1=")).hasSize(3);
    assertThat(requests.get(1).get("webhook-signature").split(" ")).hasSize(1);
  }

  private void assertDisabled(TestContext context, String reason) throws Exception {
    List<CloudEvent> changes = egress(context, Topic.WEBHOOK_ENDPOINTS);
    assertThat(changes).hasSize(1);
    WebhookEndpointData off = changes.get(0).data(WebhookEndpointData.class);
    assertThat(off.enabled()).isFalse();
    assertThat(off.disabledReason()).isEqualTo(reason);
    List<CloudEvent> notices = egress(context, Topic.WEBHOOKS);
    assertThat(notices).hasSize(1);
    WebhookEventData notice = notices.get(0).data(WebhookEventData.class);
    assertThat(notice.event()).isEqualTo("endpoint.disabled");
    assertThat(notice.data()).containsEntry("endpoint_id", "whe_1").containsEntry("reason", reason);
    assertThat(notices.get(0).tenant()).isEqualTo(TENANT);
  }

  private EndpointFn fn(List<Duration> schedule, double jitter) {
    return new EndpointFn(
        new WebhookDeliveryConfig(
            seal, schedule, jitter, Duration.ofSeconds(5), Duration.ofDays(5), ALL),
        HTTP);
  }

  /**
   * Applies the message; for a new event, then also the tick it sent itself for its first attempt
   * (which runs in an invocation of its own), as the runtime would deliver it. Other ticks are left
   * to the test.
   */
  private static void apply(EndpointFn fn, TestContext context, Message message) throws Exception {
    int before = context.getSentMessages().size();
    fn.apply(context, message).get();
    if (!message.is(Messages.DELIVER)) {
      return;
    }
    List<Message> sent =
        context.getSentMessages().subList(before, context.getSentMessages().size()).stream()
            .map(SideEffects.SendSideEffect::message)
            .filter(m -> m.targetAddress().equals(SELF) && m.is(Messages.TICK))
            .toList();
    for (Message tick : sent) {
      fn.apply(context, tick).get();
    }
  }

  private Message endpointChange(WebhookEndpointData data) {
    return MessageBuilder.forAddress(SELF)
        .withCustomType(
            Messages.CLOUD_EVENT,
            CloudEvent.create(EventType.WEBHOOK_ENDPOINT_UPSERTED, "/test", TENANT, "whe_1", data))
        .build();
  }

  private WebhookEndpointData endpoint(String previous, Instant previousUntil, boolean enabled) {
    return new WebhookEndpointData(
        "whe_1",
        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
        List.of("*"),
        enabled,
        null,
        seal.seal(TENANT, "whsec_bmV3"),
        previous == null ? null : seal.seal(TENANT, previous),
        previousUntil,
        null,
        Instant.now());
  }

  private static Message deliver(String id, String event) {
    return MessageBuilder.forAddress(SELF)
        .withCustomType(
            Messages.DELIVER,
            new Messages.Deliver(
                id, event, "src_" + id, "{\"id\":\"" + id + "\",\"event\":\"" + event + "\"}"))
        .build();
  }

  private static List<DeliveryData> deliveries(TestContext context) throws Exception {
    return egress(context, Topic.DELIVERIES).stream().map(e -> e.data(DeliveryData.class)).toList();
  }

  private static List<CloudEvent> egress(TestContext context, Topic topic) throws Exception {
    List<CloudEvent> out = new ArrayList<>();
    for (SideEffects.EgressSideEffect e : context.getSentEgressMessages()) {
      KafkaProducerRecord record =
          KafkaProducerRecord.parseFrom(e.message().egressMessageValueBytes().toByteArray());
      if (record.getTopic().equals(topic.topicName())) {
        out.add(EventJson.readEvent(record.getValueBytes().toByteArray()));
      }
    }
    return out;
  }
}
