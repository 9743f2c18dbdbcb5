package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.billing.Meter;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.kafka.EventWriter;
import io.fleetstream.bridge.internal.views.JobView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.EventData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The write path shared by every resource: charge, build the event, write it to Kafka and wait for
 * the acknowledgement, fold it into the caller's views at once (read-your-writes), refund if Kafka
 * refused. Event ids derive from the Idempotency-Key when there is one, so a retried request that
 * already reached Kafka is the same event and downstream de-duplication keeps it single.
 */
public final class Writes {

  static final String SOURCE = "/api/v1";
  private static final Pattern INDEX = Pattern.compile("/(\\d+)(?=/|$)");

  private final Meter meter;
  private final EventWriter writer;
  private final ViewStore views;

  public Writes(Meter meter, EventWriter writer, ViewStore views) {
    this.meter = meter;
    this.writer = writer;
    this.views = views;
  }

  /** Charges one write and writes {@code data} as an event of {@code type}. */
  public EventWriter.Written write(
      ApiRequest request,
      EventType type,
      String partitionKey,
      EventData data,
      Map<String, String> fieldNames) {
    return charged(request, Meter.Kind.WRITE, type, partitionKey, data, fieldNames).written();
  }

  /**
   * Charges one write of a job event and returns the job's view with it folded in (read-your-writes
   * without reading the view back from RocksDB); empty if the event changes no job view.
   */
  public Optional<JobView> writeJob(
      ApiRequest request,
      EventType type,
      String jobId,
      EventData data,
      Map<String, String> fieldNames) {
    return charged(
        request,
        Meter.Kind.WRITE,
        type,
        eventId(request, type),
        jobId,
        data,
        fieldNames,
        (event, written, charge) -> views.applyJobEvent(event, written.offset()));
  }

  /** A write and what it cost. */
  public record Result(EventWriter.Written written, Meter.Charge charge) {}

  public Result charged(
      ApiRequest request,
      Meter.Kind kind,
      EventType type,
      String partitionKey,
      EventData data,
      Map<String, String> fieldNames) {
    return command(request, kind, type, eventId(request, type), partitionKey, data, fieldNames);
  }

  /**
   * As {@link #charged}, with the event id chosen by the caller (from {@link #eventId}) so it can
   * wait for the job's answer to the event before writing it.
   */
  public Result command(
      ApiRequest request,
      Meter.Kind kind,
      EventType type,
      String eventId,
      String partitionKey,
      EventData data,
      Map<String, String> fieldNames) {
    return charged(
        request,
        kind,
        type,
        eventId,
        partitionKey,
        data,
        fieldNames,
        (event, written, charge) -> {
          views.apply(type.topic(), event, written.offset());
          return new Result(written, charge);
        });
  }

  /** How an acknowledged event goes into the views, and what the write then returns. */
  private interface Fold<T> {
    T apply(CloudEvent event, EventWriter.Written written, Meter.Charge charge);
  }

  private <T> T charged(
      ApiRequest request,
      Meter.Kind kind,
      EventType type,
      String eventId,
      String partitionKey,
      EventData data,
      Map<String, String> fieldNames,
      Fold<T> fold) {
    Meter.Charge charge = meter.charge(request.tenant(), kind);
    try {
      CloudEvent event =
          new CloudEvent(
              CloudEvent.SPEC_VERSION,
              eventId,
              SOURCE,
              type.type(),
              partitionKey,
              Instant.now().truncatedTo(ChronoUnit.MILLIS),
              CloudEvent.CONTENT_TYPE,
              request.tenant(),
              partitionKey,
              data);
      // Log lines of the write and its fold name the event.
      try (var named = org.slf4j.MDC.putCloseable("event_id", eventId)) {
        EventWriter.Written written = writer.write(event, path -> fieldOf(path, fieldNames));
        return fold.apply(event, written, charge);
      }
    } catch (RuntimeException e) {
      meter.refund(charge);
      throw e;
    }
  }

  /** One event of a batch: the entity it is about and what it says. */
  public record Item(String partitionKey, EventData data) {}

  /**
   * Charges one write for a whole batch of events of {@code type} (a device's buffered pings, say)
   * and writes them with one round trip to Kafka. Ids derive from the Idempotency-Key and the
   * position in the batch, so a retried batch is the same events. {@code fieldOf} maps an item's
   * index and JSON Pointer to the API field of a refusal.
   */
  public List<EventWriter.Written> writeBatch(
      ApiRequest request,
      EventType type,
      List<Item> items,
      BiFunction<Integer, String, String> fieldOf) {
    Meter.Charge charge = meter.charge(request.tenant(), Meter.Kind.WRITE);
    try {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      List<CloudEvent> events = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        Item item = items.get(i);
        events.add(
            new CloudEvent(
                CloudEvent.SPEC_VERSION,
                eventId(request, type, Integer.toString(i)),
                SOURCE,
                type.type(),
                item.partitionKey(),
                now,
                CloudEvent.CONTENT_TYPE,
                request.tenant(),
                item.partitionKey(),
                item.data()));
      }
      return writer.writeAll(events, fieldOf);
    } catch (RuntimeException e) {
      meter.refund(charge);
      throw e;
    }
  }

  /** A new resource id: derived from the Idempotency-Key when present, random otherwise. */
  public static String newId(ApiRequest request, String prefix) {
    return request.idempotencyKey() == null
        ? Ids.random(prefix)
        : Ids.derived(
            prefix, request.tenant(), request.idempotencyKey(), request.method(), request.path());
  }

  /**
   * The id of the event a request writes: derived from its Idempotency-Key when there is one (a
   * retry is the same event), random otherwise.
   */
  public static String eventId(ApiRequest request, EventType type) {
    return eventId(request, type, null);
  }

  /** As {@link #eventId(ApiRequest, EventType)}, for the {@code item}-th event of a batch. */
  private static String eventId(ApiRequest request, EventType type, String item) {
    if (request.idempotencyKey() == null) {
      return Ids.random(Ids.EVENT);
    }
    String[] parts = {
      request.tenant(),
      request.idempotencyKey(),
      request.method(),
      request.path(),
      type.type(),
      item
    };
    return Ids.derived(Ids.EVENT, item == null ? Arrays.copyOf(parts, 5) : parts);
  }

  /**
   * Maps an event's JSON Pointer to the API field: {@code /data/location/lat} → {@code dropoff_lat}
   * via {@code names}, and generically {@code /data/skills/2} → {@code skills[2]}.
   */
  static String fieldOf(String pointer, Map<String, String> names) {
    if (pointer == null || !pointer.startsWith("/data")) {
      return null;
    }
    String inner = pointer.length() <= 5 ? "" : pointer.substring(6);
    for (Map.Entry<String, String> e : names.entrySet()) {
      if (inner.equals(e.getKey()) || inner.startsWith(e.getKey() + "/")) {
        return e.getValue();
      }
    }
    Matcher m = INDEX.matcher("/" + inner);
    String dotted = m.replaceAll("[$1]").substring(1).replace('/', '.');
    return dotted.isEmpty() ? null : dotted;
  }

  static UnaryOperator<String> fields(Map<String, String> names) {
    return p -> fieldOf(p, names);
  }
}
