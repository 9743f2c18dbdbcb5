package io.fleetstream.functions.webhooks.internal;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.WebhookEndpointData;
import io.fleetstream.schemas.events.WebhookEventData;
import io.fleetstream.schemas.events.WebhookReplayData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.AddressScopedStorage;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * One per tenant: knows which of the tenant's endpoints want which events, and sends each webhook
 * event, with the body every attempt will carry, to every endpoint subscribed to it.
 */
public final class TenantFn implements StatefulFunction {

  public static final TypeName TYPE = TypeName.typeNameOf(Messages.NAMESPACE, "webhook-tenant");

  static final ValueSpec<Messages.Subscriptions> SUBSCRIPTIONS =
      ValueSpec.named("subscriptions").withCustomType(Messages.SUBSCRIPTIONS);

  static final ValueSpec<Messages.Recent> RECENT =
      ValueSpec.named("recent").withCustomType(Messages.RECENT);

  /**
   * How far back a newly registered endpoint gets the events that happened after it was created:
   * the ingress reads the endpoints topic and the webhooks topic independently, so an event can be
   * read before the registration that preceded it.
   */
  static final Duration REPLAY_WINDOW = Duration.ofMinutes(10);

  static final int REPLAY_LIMIT = 256;

  public static final StatefulFunctionSpec SPEC =
      StatefulFunctionSpec.builder(TYPE)
          .withValueSpecs(SUBSCRIPTIONS, RECENT)
          .withSupplier(TenantFn::new)
          .build();

  @Override
  public CompletableFuture<Void> apply(Context context, Message message) {
    CloudEvent event = message.as(Messages.CLOUD_EVENT);
    AddressScopedStorage storage = context.storage();
    Map<String, List<String>> subscribed =
        new HashMap<>(
            storage.get(SUBSCRIPTIONS).orElse(new Messages.Subscriptions(null)).byEndpoint());
    switch (event.eventType()) {
      case WEBHOOK_ENDPOINT_UPSERTED, WEBHOOK_ENDPOINT_DELETED -> {
        WebhookEndpointData endpoint = event.data(WebhookEndpointData.class);
        boolean active =
            event.eventType() == EventType.WEBHOOK_ENDPOINT_UPSERTED
                && Boolean.TRUE.equals(endpoint.enabled());
        boolean isNew = !subscribed.containsKey(endpoint.endpointId());
        if (active) {
          subscribed.put(endpoint.endpointId(), endpoint.events());
        } else {
          subscribed.remove(endpoint.endpointId());
        }
        storage.set(SUBSCRIPTIONS, new Messages.Subscriptions(subscribed));
        context.send(
            MessageBuilder.forAddress(
                    EndpointFn.TYPE, EndpointFn.address(event.tenant(), endpoint.endpointId()))
                .withCustomType(Messages.CLOUD_EVENT, event)
                .build());
        if (active && isNew && endpoint.updatedAt() != null) {
          replay(context, endpoint, storage.get(RECENT).orElse(new Messages.Recent(null)));
        }
      }
      case WEBHOOK_EVENT -> {
        WebhookEventData webhook = event.data(WebhookEventData.class);
        Instant at = webhook.occurredAt() != null ? webhook.occurredAt() : event.time();
        Messages.Deliver deliver =
            new Messages.Deliver(
                event.id(),
                webhook.event(),
                webhook.sourceEventId(),
                body(event.id(), webhook.event(), at, webhook.data()));
        remember(storage, deliver, at);
        subscribed.entrySet().stream()
            .filter(e -> wants(e.getValue(), webhook.event()))
            .map(Map.Entry::getKey)
            .sorted()
            .forEach(
                endpointId ->
                    context.send(
                        MessageBuilder.forAddress(
                                EndpointFn.TYPE,
                                EndpointFn.address(context.self().id(), endpointId))
                            .withCustomType(Messages.DELIVER, deliver)
                            .build()));
      }
      case WEBHOOK_REPLAY_REQUESTED -> {
        // One endpoint gets the past event again, body and id as the first time, whatever it
        // subscribes to now; a disabled or deleted endpoint records it as not attempted.
        WebhookReplayData replay = event.data(WebhookReplayData.class);
        Messages.Deliver deliver =
            new Messages.Deliver(
                replay.eventId(),
                replay.event(),
                replay.sourceEventId(),
                body(replay.eventId(), replay.event(), replay.occurredAt(), replay.data()));
        context.send(
            MessageBuilder.forAddress(
                    EndpointFn.TYPE, EndpointFn.address(context.self().id(), replay.endpointId()))
                .withCustomType(Messages.DELIVER, deliver)
                .build());
      }
      default ->
          System.err.println(
              "webhook-tenant: "
                  + event.type()
                  + " is not a webhook record; ignored: "
                  + event.id());
    }
    return context.done();
  }

  private static boolean wants(List<String> events, String event) {
    return events != null && (events.contains(event) || events.contains("*"));
  }

  private static void remember(AddressScopedStorage storage, Messages.Deliver deliver, Instant at) {
    Messages.Recent recent = storage.get(RECENT).orElse(new Messages.Recent(null));
    long horizon = Instant.now().minus(REPLAY_WINDOW).toEpochMilli();
    List<Messages.Remembered> events = new ArrayList<>();
    for (Messages.Remembered r : recent.events()) {
      if (r.atMillis() >= horizon) {
        events.add(r);
      }
    }
    events.add(new Messages.Remembered(deliver, at.toEpochMilli()));
    storage.set(
        RECENT,
        new Messages.Recent(
            events.subList(Math.max(0, events.size() - REPLAY_LIMIT), events.size())));
  }

  /** Sends a new endpoint the remembered events that happened after its registration. */
  private static void replay(
      Context context, WebhookEndpointData endpoint, Messages.Recent recent) {
    long since = endpoint.updatedAt().toEpochMilli();
    for (Messages.Remembered r : recent.events()) {
      if (r.atMillis() >= since && wants(endpoint.events(), r.deliver().event())) {
        context.send(
            MessageBuilder.forAddress(
                    EndpointFn.TYPE, EndpointFn.address(context.self().id(), endpoint.endpointId()))
                .withCustomType(Messages.DELIVER, r.deliver())
                .build());
      }
    }
  }

  /**
   * The seed's payload {@code {"event", "data"}} plus a stable {@code id} (the receiver's dedupe
   * key, the same on every retry and replay, and as the {@code webhook-id} header) and when it
   * happened.
   */
  static String body(String id, String event, Instant createdAt, Map<String, Object> data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("event", event);
    body.put("created_at", createdAt.toString());
    body.put("data", data);
    return new String(Messages.write(body), java.nio.charset.StandardCharsets.UTF_8);
  }
}
