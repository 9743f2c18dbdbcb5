package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.events.EventCategory;
import io.fleetstream.bridge.internal.events.EventHub;
import io.fleetstream.bridge.internal.events.StreamPosition;
import io.fleetstream.bridge.internal.events.Subscriber;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.EventStream;
import io.fleetstream.bridge.internal.http.Route;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/events}: the account's live events as Server-Sent Events, filtered by {@code
 * types}, resumable with {@code Last-Event-ID}. Each client gets its own writer thread (small
 * stack), so a client that reads slowly blocks only its own writes.
 */
public final class EventStreamResource {

  /** A writer mostly waits on its queue; it needs little stack. */
  private static final long WRITER_STACK_BYTES = 256 * 1024;

  private final EventHub hub;
  private final Duration heartbeat;
  private final AtomicInteger writers = new AtomicInteger();

  public EventStreamResource(EventHub hub, Duration heartbeat) {
    this.hub = hub;
    this.heartbeat = heartbeat;
  }

  public List<Route> routes() {
    return List.of(Route.get("/api/v1/events", Route.Access.KEY, this::stream));
  }

  ApiResponse stream(ApiRequest request) {
    if (!request.header("Accept").orElse("").contains("text/event-stream")) {
      throw ApiException.of(
              ApiErrorCode.NOT_ACCEPTABLE,
              "this route answers only with Server-Sent Events; send 'Accept: text/event-stream'")
          .withParam("Accept");
    }
    Set<EventCategory> types = types(request);
    StreamPosition from =
        request
            .header("Last-Event-ID")
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(EventStreamResource::position)
            .orElse(null);
    Subscriber subscriber = hub.subscribe(request.tenant(), types, from);
    return ApiResponse.events(
        new EventStream() {
          @Override
          public void opened(Sink sink) {
            Thread t =
                new Thread(
                    null,
                    () -> subscriber.writeTo(sink, heartbeat),
                    "fleetstream-bridge-sse-" + writers.incrementAndGet(),
                    WRITER_STACK_BYTES);
            t.setDaemon(true);
            t.start();
          }

          @Override
          public void abandoned() {
            subscriber.end("the stream could not be opened");
          }
        });
  }

  static Set<EventCategory> types(ApiRequest request) {
    List<String> values = request.query().get("types");
    if (values == null || values.isEmpty()) {
      return EventCategory.all();
    }
    Set<EventCategory> types = EnumSet.noneOf(EventCategory.class);
    for (String value : values) {
      for (String name : value.split(",")) {
        String n = name.trim();
        if (n.isEmpty()) {
          continue;
        }
        types.add(
            EventCategory.byWireName(n)
                .orElseThrow(
                    () ->
                        ApiException.invalid(
                            "types",
                            "unknown event type '"
                                + n
                                + "'; one of "
                                + Arrays.stream(EventCategory.values())
                                    .map(EventCategory::wireName)
                                    .collect(Collectors.joining(", ")))));
      }
    }
    if (types.isEmpty()) {
      throw ApiException.invalid("types", "types names no event type; leave it out for all");
    }
    return types;
  }

  private static StreamPosition position(String id) {
    try {
      return StreamPosition.decode(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          "Last-Event-ID",
          "Last-Event-ID " + e.getMessage() + "; send the id of the last event you received");
    }
  }
}
