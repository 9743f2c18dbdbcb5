package io.fleetstream.functions.webhooks.internal;

import io.fleetstream.connectors.outbound.OutboundHttp;
import io.fleetstream.connectors.outbound.WebhookSignatures;
import io.fleetstream.functions.webhooks.WebhookDeliveryConfig;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DeliveryData;
import io.fleetstream.schemas.events.WebhookEndpointData;
import io.fleetstream.schemas.events.WebhookEventData;
import io.fleetstream.schemas.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.statefun.sdk.java.AddressScopedStorage;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * One per endpoint ({@code tenant/endpointId}): delivers its events one at a time in the order they
 * came, signs every attempt, retries on the configured schedule with delayed messages to itself,
 * dead-letters after the last attempt, disables itself on {@code 410 Gone}, and writes every
 * attempt to {@code fleetstream.deliveries.v1}.
 */
public final class EndpointFn implements StatefulFunction {

  public static final TypeName TYPE = TypeName.typeNameOf(Messages.NAMESPACE, "webhook-endpoint");

  /** The Kafka egress every record of the functions goes through (deliveries, endpoint changes). */
  public static final TypeName EGRESS = TypeName.typeNameOf(Messages.NAMESPACE, "kafka-out");

  static final ValueSpec<Messages.Endpoint> ENDPOINT =
      ValueSpec.named("endpoint").withCustomType(Messages.ENDPOINT);
  static final ValueSpec<Messages.Outbox> OUTBOX =
      ValueSpec.named("outbox").withCustomType(Messages.OUTBOX);

  /** The error class of an attempt whose endpoint's secret does not open here. */
  static final String SECRET_UNREADABLE = "secret_unreadable";

  private static final String SOURCE = "/fleetstream/functions/webhook-endpoint";

  private final WebhookDeliveryConfig config;
  private final OutboundHttp http;

  public EndpointFn(WebhookDeliveryConfig config, OutboundHttp http) {
    this.config = config;
    this.http = http;
  }

  public static StatefulFunctionSpec spec(WebhookDeliveryConfig config, OutboundHttp http) {
    return StatefulFunctionSpec.builder(TYPE)
        .withValueSpecs(ENDPOINT, OUTBOX)
        .withSupplier(() -> new EndpointFn(config, http))
        .build();
  }

  public static String address(String tenant, String endpointId) {
    return tenant + "/" + endpointId;
  }

  @Override
  public CompletableFuture<Void> apply(Context context, Message message) {
    AddressScopedStorage storage = context.storage();
    Optional<Messages.Endpoint> endpoint = storage.get(ENDPOINT);
    Messages.Outbox outbox = storage.get(OUTBOX).orElse(new Messages.Outbox(null));
    if (message.is(Messages.CLOUD_EVENT)) {
      return onEndpointChange(context, message.as(Messages.CLOUD_EVENT), outbox);
    }
    if (message.is(Messages.DELIVER)) {
      Messages.Deliver d = message.as(Messages.DELIVER);
      Messages.Pending p =
          new Messages.Pending(d.eventId(), d.event(), d.sourceEventId(), d.body(), 0);
      if (endpoint.isEmpty() || !Boolean.TRUE.equals(endpoint.get().config().enabled())) {
        String tenant = endpoint.map(Messages.Endpoint::tenant).orElse(tenantOf(context));
        record(context, tenant, p, 0, "endpoint_disabled", null, null, 0, null);
        return context.done();
      }
      Messages.Outbox next = outbox.add(p);
      storage.set(OUTBOX, next);
      if (next.pending().size() > 1) {
        return context.done(); // behind the head, in order
      }
      if (!endpoint.get().slow()) {
        return attemptHead(context, endpoint.get(), next, 0);
      }
      // A slow endpoint's attempt runs in an invocation of its own. The runtime buffers every
      // message for an address while an invocation of it runs and stalls all functions once that
      // buffer holds maxNumBatchRequests; attempting here chains one call per event of a batch
      // into one invocation, and a subscriber taking 1 s per call held up every other endpoint
      // (bench webhooks: 22 s p99 for the fast ones). Fast endpoints keep the inline attempt: a
      // round trip through the runtime per event would cap them far lower.
      context.send(
          MessageBuilder.forAddress(context.self())
              .withCustomType(Messages.TICK, new Messages.Tick(p.eventId(), 0))
              .build());
      return context.done();
    }
    if (message.is(Messages.TICK)) {
      Messages.Tick tick = message.as(Messages.TICK);
      Messages.Pending head = outbox.head();
      if (endpoint.isPresent()
          && Boolean.TRUE.equals(endpoint.get().config().enabled())
          && head != null
          && head.eventId().equals(tick.eventId())
          && head.attempts() == tick.attempt()) {
        return attemptHead(context, endpoint.get(), outbox, 0);
      }
      return context.done(); // a tick for a delivery that already ended
    }
    System.err.println("webhook-endpoint: unexpected message type " + message.valueTypeName());
    return context.done();
  }

  private CompletableFuture<Void> onEndpointChange(
      Context context, CloudEvent event, Messages.Outbox outbox) {
    WebhookEndpointData data = event.data(WebhookEndpointData.class);
    boolean deleted = event.eventType() == EventType.WEBHOOK_ENDPOINT_DELETED;
    // A change of URL or secret is a new chance: the failure clock starts again.
    Messages.Endpoint endpoint = new Messages.Endpoint(event.tenant(), data);
    if (deleted || !Boolean.TRUE.equals(data.enabled())) {
      // Nothing waits for an endpoint that will not take it; each is recorded, none is dropped
      // silently.
      for (Messages.Pending p : outbox.pending()) {
        record(context, event.tenant(), p, p.attempts(), "endpoint_disabled", null, null, 0, null);
      }
      context.storage().remove(OUTBOX);
      if (deleted) {
        context.storage().remove(ENDPOINT);
      } else {
        context.storage().set(ENDPOINT, endpoint);
      }
      return context.done();
    }
    context.storage().set(ENDPOINT, endpoint);
    return outbox.head() != null ? attemptHead(context, endpoint, outbox, 0) : context.done();
  }

  /**
   * Attempts the head of the outbox; {@code chained} counts the attempts this invocation already
   * made one after another.
   */
  private CompletableFuture<Void> attemptHead(
      Context context, Messages.Endpoint endpoint, Messages.Outbox outbox, int chained) {
    Messages.Pending head = outbox.head().attempted();
    String deliveryId = head.eventId();
    byte[] body = head.body().getBytes(StandardCharsets.UTF_8);
    Instant now = Instant.now();
    List<String> secrets;
    try {
      secrets =
          WebhookSignatures.signingSecrets(
              config.seal(), endpoint.tenant(), endpoint.config(), now);
    } catch (IllegalArgumentException sealedElsewhere) {
      // Sealed with another installation's key (a tenant restored without it): nothing can be
      // signed until the secret is rotated or the key given; retried on the schedule meanwhile,
      // so one endpoint never fails the runtime that delivers everyone's.
      retryOrDeadLetter(context, endpoint, outbox, head, null, SECRET_UNREADABLE, 0, null);
      return context.done();
    }
    Map<String, String> headers =
        WebhookSignatures.headers(head.event(), deliveryId, now.getEpochSecond(), body, secrets);
    long started = System.nanoTime();
    // The address is checked at every attempt, on the very lookup the connection uses: a name may
    // resolve elsewhere than when it was registered.
    return http.post(endpoint.config().url(), headers, "application/json", body)
        .handle(
            (response, failure) -> {
              long latencyMs = (System.nanoTime() - started) / 1_000_000;
              Messages.Endpoint paced = paced(context, endpoint, latencyMs);
              if (failure == null) {
                return onResponse(context, paced, outbox, head, response, latencyMs, chained);
              }
              OutboundHttp.FailureKind kind = failureKind(failure);
              if (kind == OutboundHttp.FailureKind.INVALID_URL
                  || kind == OutboundHttp.FailureKind.REFUSED_ADDRESS) {
                // Neither gets better with time: a URL we cannot call, an address we refuse (a
                // configuration, not an outage).
                record(
                    context,
                    paced.tenant(),
                    head,
                    head.attempts(),
                    "dead_lettered",
                    null,
                    kind.errorClass(),
                    latencyMs,
                    null);
                return next(context, paced, outbox.dropHead(), MAX_CHAINED);
              }
              retryOrDeadLetter(
                  context, paced, outbox, head, null, kind.errorClass(), latencyMs, null);
              return context.done();
            })
        .thenCompose(done -> done);
  }

  private CompletableFuture<Void> onResponse(
      Context context,
      Messages.Endpoint endpoint,
      Messages.Outbox outbox,
      Messages.Pending head,
      OutboundHttp.Response response,
      long latencyMs,
      int chained) {
    int status = response.status();
    if (status >= 200 && status < 300) {
      endpoint = healthy(context, endpoint);
      record(
          context,
          endpoint.tenant(),
          head,
          head.attempts(),
          "delivered",
          status,
          null,
          latencyMs,
          null);
      return next(context, endpoint, outbox.dropHead(), chained);
    }
    if (status == 410) {
      record(
          context,
          endpoint.tenant(),
          head,
          head.attempts(),
          "endpoint_disabled",
          status,
          "gone",
          latencyMs,
          null);
      disable(context, endpoint, outbox.dropHead(), "gone");
      return context.done();
    }
    Duration retryAfter = retryAfter(response).orElse(null);
    retryOrDeadLetter(
        context,
        endpoint,
        outbox,
        head,
        status,
        status >= 500 ? "http_5xx" : "http_4xx",
        latencyMs,
        retryAfter);
    return context.done();
  }

  private void retryOrDeadLetter(
      Context context,
      Messages.Endpoint endpoint,
      Messages.Outbox outbox,
      Messages.Pending head,
      Integer status,
      String errorClass,
      long latencyMs,
      Duration retryAfter) {
    endpoint = failing(context, endpoint);
    if (head.attempts() >= config.maxAttempts()) {
      record(
          context,
          endpoint.tenant(),
          head,
          head.attempts(),
          "dead_lettered",
          status,
          errorClass,
          latencyMs,
          null);
      if (!Instant.now().isBefore(endpoint.failingSince().plus(config.disableAfter()))) {
        disable(context, endpoint, outbox.dropHead(), "sustained_failure");
      } else {
        next(context, endpoint, outbox.dropHead(), MAX_CHAINED);
      }
      return;
    }
    Duration wait = jittered(config.retrySchedule().get(head.attempts()));
    if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
      wait = retryAfter;
    }
    Instant nextAt = Instant.now().plus(wait).truncatedTo(ChronoUnit.MILLIS);
    record(
        context,
        endpoint.tenant(),
        head,
        head.attempts(),
        "retrying",
        status,
        errorClass,
        latencyMs,
        nextAt);
    context.storage().set(OUTBOX, outbox.replaceHead(head));
    context.sendAfter(
        wait,
        MessageBuilder.forAddress(context.self())
            .withCustomType(Messages.TICK, new Messages.Tick(head.eventId(), head.attempts()))
            .build());
  }

  /**
   * Stores what is left and starts the next delivery, if any, at once: in this invocation while the
   * endpoint answers fast and fewer than {@link #MAX_CHAINED} attempts ran in it, else in an
   * invocation of its own (one round trip through the runtime per event would cap a fast endpoint
   * at a fraction of its rate; a long chain would hold the runtime's buffer for this address).
   */
  private CompletableFuture<Void> next(
      Context context, Messages.Endpoint endpoint, Messages.Outbox rest, int chained) {
    if (rest.pending().isEmpty()) {
      context.storage().remove(OUTBOX);
      return context.done();
    }
    context.storage().set(OUTBOX, rest);
    if (!endpoint.slow() && chained + 1 < MAX_CHAINED) {
      return attemptHead(context, endpoint, rest, chained + 1);
    }
    Messages.Pending head = rest.head();
    context.send(
        MessageBuilder.forAddress(context.self())
            .withCustomType(Messages.TICK, new Messages.Tick(head.eventId(), head.attempts()))
            .build());
    return context.done();
  }

  /**
   * Turns the endpoint off and says so on the endpoints topic, where the tenant's function and the
   * bridge learn it like any other change.
   */
  private void disable(
      Context context, Messages.Endpoint endpoint, Messages.Outbox rest, String reason) {
    for (Messages.Pending p : rest.pending()) {
      record(context, endpoint.tenant(), p, p.attempts(), "endpoint_disabled", null, null, 0, null);
    }
    context.storage().remove(OUTBOX);
    WebhookEndpointData c = endpoint.config();
    WebhookEndpointData off =
        new WebhookEndpointData(
            c.endpointId(),
            c.url(),
            c.events(),
            false,
            c.description(),
            c.secretSealed(),
            c.previousSecretSealed(),
            c.previousSecretExpiresAt(),
            reason,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    context.storage().set(ENDPOINT, new Messages.Endpoint(endpoint.tenant(), off));
    CloudEvent change =
        CloudEvent.create(
            EventType.WEBHOOK_ENDPOINT_UPSERTED, SOURCE, endpoint.tenant(), c.endpointId(), off);
    context.send(
        KafkaEgressMessage.forEgress(EGRESS)
            .withTopic(Topic.WEBHOOK_ENDPOINTS.topicName())
            .withUtf8Key(change.kafkaKey())
            .withValue(EventJson.toBytes(change))
            .build());
    // The tenant's other endpoints hear of it like of any event (this one no longer subscribes).
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("endpoint_id", c.endpointId());
    data.put("url", c.url());
    data.put("reason", reason);
    data.put("disabled_at", off.updatedAt().toString());
    CloudEvent notice =
        CloudEvent.create(
            EventType.WEBHOOK_EVENT,
            SOURCE,
            endpoint.tenant(),
            c.endpointId(),
            new WebhookEventData(
                WebhookEventData.ENDPOINT_DISABLED, data, change.id(), off.updatedAt()));
    context.send(
        KafkaEgressMessage.forEgress(EGRESS)
            .withTopic(Topic.WEBHOOKS.topicName())
            .withUtf8Key(notice.kafkaKey())
            .withValue(EventJson.toBytes(notice))
            .build());
  }

  private static Messages.Endpoint failing(Context context, Messages.Endpoint endpoint) {
    Messages.Endpoint next = endpoint.failing(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    if (next != endpoint) {
      context.storage().set(ENDPOINT, next);
    }
    return next;
  }

  /** At most this many attempts run one after another in one invocation. */
  static final int MAX_CHAINED = 32;

  /** Above this, an endpoint's next event is attempted in an invocation of its own. */
  static final long SLOW_ATTEMPT_MS = 250;

  private static Messages.Endpoint paced(
      Context context, Messages.Endpoint endpoint, long latencyMs) {
    Messages.Endpoint next = endpoint.slow(latencyMs >= SLOW_ATTEMPT_MS);
    if (next != endpoint) {
      context.storage().set(ENDPOINT, next);
    }
    return next;
  }

  private static Messages.Endpoint healthy(Context context, Messages.Endpoint endpoint) {
    Messages.Endpoint next = endpoint.healthy();
    if (next != endpoint) {
      context.storage().set(ENDPOINT, next);
    }
    return next;
  }

  private void record(
      Context context,
      String tenant,
      Messages.Pending p,
      int attempt,
      String outcome,
      Integer status,
      String errorClass,
      long latencyMs,
      Instant nextAttemptAt) {
    String endpointId = endpointIdOf(context);
    DeliveryData data =
        new DeliveryData(
            p.eventId(),
            endpointId,
            p.event(),
            p.sourceEventId(),
            attempt,
            outcome,
            status,
            errorClass,
            latencyMs,
            nextAttemptAt,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    CloudEvent event =
        CloudEvent.create(EventType.DELIVERY_ATTEMPTED, SOURCE, tenant, endpointId, data);
    context.send(
        KafkaEgressMessage.forEgress(EGRESS)
            .withTopic(Topic.DELIVERIES.topicName())
            .withUtf8Key(event.kafkaKey())
            .withValue(EventJson.toBytes(event))
            .build());
  }

  private Duration jittered(Duration wait) {
    if (wait.isZero() || config.jitter() == 0) {
      return wait;
    }
    double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * config.jitter();
    return Duration.ofMillis(Math.max(0, Math.round(wait.toMillis() * factor)));
  }

  /** {@code Retry-After} in seconds (the HTTP-date form is rare from webhook receivers). */
  static Optional<Duration> retryAfter(OutboundHttp.Response response) {
    return response
        .header("Retry-After")
        .flatMap(
            v -> {
              try {
                long seconds = Long.parseLong(v.trim());
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  static OutboundHttp.FailureKind failureKind(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof OutboundHttp.Failure f ? f.kind() : OutboundHttp.FailureKind.CONNECT;
  }

  private static String tenantOf(Context context) {
    String id = context.self().id();
    return id.substring(0, id.indexOf('/'));
  }

  private static String endpointIdOf(Context context) {
    String id = context.self().id();
    return id.substring(id.indexOf('/') + 1);
  }
}
