package io.fleetstream.functions.webhooks.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.WebhookEndpointData;
import io.fleetstream.schemas.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.types.SimpleType;
import org.apache.flink.statefun.sdk.java.types.Type;

/** The message and state types of the webhook functions, all JSON on the wire and in state. */
public final class Messages {

  private Messages() {}

  private static final ObjectMapper JSON = EventJson.mapper();

  public static final String NAMESPACE = "fleetstream";

  /** A validated record passed between the functions. */
  public static final TypeName CLOUD_EVENT_TYPE = TypeName.typeNameOf(NAMESPACE, "cloud-event");

  /**
   * A record of {@code topic} exactly as the Kafka ingress read it, not yet validated: the type
   * name tells the fan-out function which topic's contract it must meet.
   */
  public static Type<byte[]> rawRecord(Topic topic) {
    return SimpleType.simpleImmutableTypeFrom(
        TypeName.typeNameOf(NAMESPACE, "record-of-" + topic.topicName()),
        bytes -> bytes,
        bytes -> bytes);
  }

  public static final Type<CloudEvent> CLOUD_EVENT =
      SimpleType.simpleImmutableTypeFrom(
          CLOUD_EVENT_TYPE, EventJson::toBytes, EventJson::readEvent);

  /** One event for one endpoint: the exact body every attempt sends. */
  public record Deliver(String eventId, String event, String sourceEventId, String body) {}

  /** Time to try the head of an endpoint's outbox again (or for the first time). */
  public record Tick(String eventId, int attempt) {}

  /**
   * An endpoint's configuration, the tenant it belongs to, since when every attempt has failed
   * (null while it answers), and whether its last attempt was slow.
   */
  public record Endpoint(
      String tenant, WebhookEndpointData config, Instant failingSince, boolean slow) {
    Endpoint(String tenant, WebhookEndpointData config) {
      this(tenant, config, null, false);
    }

    Endpoint failing(Instant now) {
      return failingSince != null ? this : new Endpoint(tenant, config, now, slow);
    }

    Endpoint healthy() {
      return failingSince == null ? this : new Endpoint(tenant, config, null, slow);
    }

    Endpoint slow(boolean isSlow) {
      return slow == isSlow ? this : new Endpoint(tenant, config, failingSince, isSlow);
    }
  }

  /** One queued delivery and how many attempts it has had. */
  public record Pending(
      String eventId, String event, String sourceEventId, String body, int attempts) {
    Pending attempted() {
      return new Pending(eventId, event, sourceEventId, body, attempts + 1);
    }
  }

  /** An endpoint's deliveries in order; only the head is ever in flight. */
  public record Outbox(List<Pending> pending) {
    public Outbox {
      pending = pending == null ? List.of() : List.copyOf(pending);
    }

    Outbox add(Pending p) {
      List<Pending> next = new ArrayList<>(pending);
      next.add(p);
      return new Outbox(next);
    }

    Outbox replaceHead(Pending p) {
      List<Pending> next = new ArrayList<>(pending);
      next.set(0, p);
      return new Outbox(next);
    }

    Outbox dropHead() {
      return new Outbox(pending.subList(1, pending.size()));
    }

    Pending head() {
      return pending.isEmpty() ? null : pending.get(0);
    }
  }

  /** One remembered event and when it happened. */
  public record Remembered(Deliver deliver, long atMillis) {}

  /** A tenant's recent webhook events, for endpoints whose registration is read after them. */
  public record Recent(List<Remembered> events) {
    public Recent {
      events = events == null ? List.of() : List.copyOf(events);
    }
  }

  /** Which events each of a tenant's enabled endpoints subscribed to. */
  public record Subscriptions(Map<String, List<String>> byEndpoint) {
    public Subscriptions {
      byEndpoint = byEndpoint == null ? Map.of() : Map.copyOf(byEndpoint);
    }
  }

  public static final Type<Deliver> DELIVER = json("deliver", Deliver.class);
  public static final Type<Tick> TICK = json("tick", Tick.class);
  public static final Type<Endpoint> ENDPOINT = json("endpoint", Endpoint.class);
  public static final Type<Outbox> OUTBOX = json("outbox", Outbox.class);
  public static final Type<Recent> RECENT = json("recent", Recent.class);
  public static final Type<Subscriptions> SUBSCRIPTIONS =
      json("subscriptions", Subscriptions.class);

  private static <T> Type<T> json(String name, Class<T> type) {
    return SimpleType.simpleImmutableTypeFrom(
        TypeName.typeNameOf(NAMESPACE, name), value -> write(value), bytes -> read(bytes, type));
  }

  static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return JSON.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> readMap(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
