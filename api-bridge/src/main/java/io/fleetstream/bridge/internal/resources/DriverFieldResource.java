package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.views.DriverView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverStatusData;
import io.fleetstream.schemas.events.TelemetryData;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A driver in the field: {@code POST /api/v1/drivers/{id}/shift/start|end} and {@code POST
 * /api/v1/drivers/{id}/locations} (a device's buffered GPS pings, up to {@link #MAX_PINGS} per
 * call, each a telemetry event on the stream the tracker reads).
 */
public final class DriverFieldResource {

  /** The body of the shift steps. */
  public record ShiftRequest(OffsetDateTime at, String reason) {}

  /** One GPS fix as the device recorded it. */
  public record Ping(
      Double lat,
      Double lng,
      OffsetDateTime recordedAt,
      Double speedMps,
      Double headingDeg,
      Double accuracyM) {}

  /** The body of {@code POST /drivers/{id}/locations}. */
  public record LocationsRequest(List<Ping> pings) {}

  static final int MAX_PINGS = 100;

  private final Writes writes;
  private final ViewStore views;

  public DriverFieldResource(Writes writes, ViewStore views) {
    this.writes = writes;
    this.views = views;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/drivers/{id}/shift/start", Route.Access.KEY, this::startShift),
        Route.post("/api/v1/drivers/{id}/shift/end", Route.Access.KEY, this::endShift),
        Route.post("/api/v1/drivers/{id}/locations", Route.Access.KEY, this::locations));
  }

  ApiResponse startShift(ApiRequest request) {
    return shift(request, EventType.DRIVER_SHIFT_STARTED, "off_shift", "on shift already");
  }

  ApiResponse endShift(ApiRequest request) {
    return shift(request, EventType.DRIVER_SHIFT_ENDED, "active", "off shift already");
  }

  private ApiResponse shift(ApiRequest request, EventType type, String from, String otherwise) {
    ShiftRequest body = request.bodyOr(ShiftRequest.class, new ShiftRequest(null, null));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Checks.all(
        () -> Checks.text(body.reason(), 512, "reason"),
        () -> Checks.notAhead(body.at(), now, "at"));
    DriverView driver = find(request);
    if (!from.equals(driver.lifecycle())) {
      throw ApiException.of(ApiErrorCode.CONFLICT, "driver " + driver.id() + " is " + otherwise)
          .withParam("id");
    }
    writes.write(
        request,
        type,
        driver.id(),
        new DriverStatusData(
            driver.id(),
            body.at() == null ? now : body.at().toInstant().truncatedTo(ChronoUnit.MILLIS),
            body.reason(),
            null),
        Map.of());
    return ApiResponse.ok(
        DriverResource.render(views.driver(request.tenant(), driver.id()).orElseThrow()));
  }

  ApiResponse locations(ApiRequest request) {
    LocationsRequest body = request.body(LocationsRequest.class);
    List<Ping> pings = Checks.required(body.pings(), "pings");
    if (pings.isEmpty() || pings.size() > MAX_PINGS) {
      throw ApiException.invalid(
          "pings", "pings holds 1 to " + MAX_PINGS + " fixes, not " + pings.size());
    }
    Instant now = Instant.now();
    List<Runnable> checks = new ArrayList<>();
    for (int i = 0; i < pings.size(); i++) {
      Ping p = pings.get(i);
      String at = "pings[" + i + "].";
      if (p == null) {
        checks.add(
            () -> {
              throw ApiException.invalid(at.substring(0, at.length() - 1), "a fix is an object");
            });
        continue;
      }
      checks.add(() -> Checks.required(p.lat(), at + "lat"));
      checks.add(() -> Checks.required(p.lng(), at + "lng"));
      checks.add(() -> Checks.required(p.recordedAt(), at + "recorded_at"));
      checks.add(() -> Checks.range(p.lat(), -90, 90, at + "lat"));
      checks.add(() -> Checks.range(p.lng(), -180, 180, at + "lng"));
      checks.add(() -> Checks.range(p.speedMps(), 0, 150, at + "speed_mps"));
      checks.add(() -> Checks.range(p.headingDeg(), 0, 360, at + "heading_deg"));
      checks.add(() -> Checks.range(p.accuracyM(), 0, 100_000, at + "accuracy_m"));
      checks.add(() -> Checks.notAhead(p.recordedAt(), now, at + "recorded_at"));
    }
    Checks.all(checks.toArray(Runnable[]::new));
    DriverView driver = find(request);
    List<Writes.Item> items = new ArrayList<>(pings.size());
    for (Ping p : pings) {
      items.add(
          new Writes.Item(
              driver.id(),
              new TelemetryData(
                  driver.id(),
                  p.lat(),
                  p.lng(),
                  p.speedMps(),
                  p.headingDeg(),
                  p.accuracyM(),
                  p.recordedAt().toInstant().truncatedTo(ChronoUnit.MILLIS))));
    }
    writes.writeBatch(
        request,
        EventType.TELEMETRY_PING,
        items,
        (i, pointer) -> {
          String field = Writes.fieldOf(pointer, Map.of("recorded_at", "recorded_at"));
          return field == null ? "pings[" + i + "]" : "pings[" + i + "]." + field;
        });
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("object", "location_batch");
    answer.put("driver_id", driver.id());
    answer.put("accepted", pings.size());
    return ApiResponse.accepted(answer, "/api/v1/drivers/" + driver.id());
  }

  private DriverView find(ApiRequest request) {
    String id = request.pathParam("id");
    return views
        .driver(request.tenant(), id)
        .orElseThrow(() -> ApiException.notFound("driver", id));
  }
}
