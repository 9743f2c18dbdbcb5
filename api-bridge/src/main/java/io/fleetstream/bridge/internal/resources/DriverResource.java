package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.views.DriverView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.DriverStatusData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.events.Vehicle;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/drivers}: create, list, read, change and delete drivers; every write is a driver
 * event.
 */
public final class DriverResource {

  /** The body of {@code POST /drivers} and {@code PATCH /drivers/{id}}. */
  public record DriverRequest(
      String externalId,
      String name,
      String phone,
      Double startLat,
      Double startLng,
      Double endLat,
      Double endLng,
      OffsetDateTime shiftStart,
      OffsetDateTime shiftEnd,
      List<String> skills,
      Integer maxConcurrentJobs,
      String zone,
      Vehicle vehicle,
      List<BreakRequest> breaks,
      String startAddress,
      String endAddress) {

    /** This request with these coordinates; every other field as sent. */
    DriverRequest withCoordinates(Double sLat, Double sLng, Double eLat, Double eLng) {
      return new DriverRequest(
          externalId,
          name,
          phone,
          sLat,
          sLng,
          eLat,
          eLng,
          shiftStart,
          shiftEnd,
          skills,
          maxConcurrentJobs,
          zone,
          vehicle,
          breaks,
          startAddress,
          endAddress);
    }
  }

  /** A break in a driver's body: {@code minutes} long, started between the two times. */
  public record BreakRequest(
      java.time.OffsetDateTime windowStart, java.time.OffsetDateTime windowEnd, Double minutes) {}

  static final Map<String, String> FIELDS =
      Map.of(
          "start_location/lat",
          "start_lat",
          "start_location/lng",
          "start_lng",
          "end_location/lat",
          "end_lat",
          "end_location/lng",
          "end_lng",
          "shift/start",
          "shift_start",
          "shift/end",
          "shift_end");

  private final Writes writes;
  private final ViewStore views;
  private final Addresses addresses;

  public DriverResource(Writes writes, ViewStore views, Places places) {
    this.writes = writes;
    this.views = views;
    this.addresses = new Addresses(places);
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/drivers", Route.Access.KEY, this::create),
        Route.get("/api/v1/drivers", Route.Access.KEY, this::list),
        Route.get("/api/v1/drivers/{id}", Route.Access.KEY, this::get),
        Route.patch("/api/v1/drivers/{id}", Route.Access.KEY, this::update),
        Route.delete("/api/v1/drivers/{id}", Route.Access.KEY, this::delete));
  }

  ApiResponse create(ApiRequest request) {
    Addresses.Located<DriverRequest> located = addresses.locate(request.body(DriverRequest.class));
    DriverRequest body = located.request();
    newDriverChecks(body);
    String id = Writes.newId(request, Ids.DRIVER);
    DriverData created = toDriver(id, body, null);
    writes.write(request, EventType.forDriver(true, created), id, created, FIELDS);
    return ApiResponse.created(
        Addresses.withGeocoded(render(views.driver(request.tenant(), id).orElseThrow()), located));
  }

  ApiResponse list(ApiRequest request) {
    var page = views.drivers(request.tenant(), Lists.cursor(request), Lists.limit(request));
    return ApiResponse.ok(Lists.page(request, page, DriverView::id, DriverResource::render));
  }

  ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(render(find(request)));
  }

  ApiResponse update(ApiRequest request) {
    Addresses.Located<DriverRequest> located = addresses.locate(request.body(DriverRequest.class));
    DriverRequest body = located.request();
    DriverView current = find(request);
    DriverData updated = toDriver(current.id(), body, current.driver());
    writes.write(request, EventType.forDriver(false, updated), current.id(), updated, FIELDS);
    return ApiResponse.ok(
        Addresses.withGeocoded(
            render(views.driver(request.tenant(), current.id()).orElseThrow()), located));
  }

  ApiResponse delete(ApiRequest request) {
    DriverView current = find(request);
    writes.write(
        request,
        EventType.DRIVER_DELETED,
        current.id(),
        new DriverStatusData(
            current.id(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            "deleted through the API",
            null),
        Map.of());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", current.id());
    body.put("object", "driver");
    body.put("deleted", true);
    return ApiResponse.ok(body);
  }

  private DriverView find(ApiRequest request) {
    String id = request.pathParam("id");
    return views
        .driver(request.tenant(), id)
        .orElseThrow(() -> ApiException.notFound("driver", id));
  }

  /** A new driver's checks: where it starts, and every field on its own, all reported together. */
  static void newDriverChecks(DriverRequest r) {
    Checks.all(
        () -> Checks.required(r.startLat(), "start_lat"),
        () -> Checks.required(r.startLng(), "start_lng"),
        () -> fieldChecks(r));
  }

  /** Every field of a driver request on its own, all reported together. */
  static void fieldChecks(DriverRequest r) {
    Checks.all(
        () -> Checks.range(r.startLat(), -90, 90, "start_lat"),
        () -> Checks.range(r.startLng(), -180, 180, "start_lng"),
        () -> Checks.range(r.endLat(), -90, 90, "end_lat"),
        () -> Checks.range(r.endLng(), -180, 180, "end_lng"),
        () -> Checks.text(r.externalId(), 128, "external_id"),
        () -> Checks.text(r.name(), 200, "name"),
        () -> Checks.phone(r.phone(), "phone"),
        () -> Checks.skills(r.skills(), "skills"),
        () -> Checks.range(r.maxConcurrentJobs(), 1, 1000, "max_concurrent_jobs"),
        () -> Checks.code(r.zone(), "zone"),
        () -> Checks.text(r.startAddress(), 512, "start_address"),
        () -> Checks.text(r.endAddress(), 512, "end_address"),
        () -> DriverVehicle.check(r));
  }

  static DriverData toDriver(String id, DriverRequest r, DriverData base) {
    fieldChecks(r);
    if ((r.endLat() == null) != (r.endLng() == null)) {
      throw ApiException.invalid(
          r.endLat() == null ? "end_lat" : "end_lng", "end_lat and end_lng go together");
    }
    GeoPoint start = base == null ? null : base.startLocation();
    if (r.startLat() != null || r.startLng() != null) {
      // New coordinates: the old address no longer describes them, the one sent with them does.
      start =
          new GeoPoint(
              r.startLat() != null ? r.startLat() : start.lat(),
              r.startLng() != null ? r.startLng() : start.lng(),
              r.startAddress());
    }
    GeoPoint end =
        r.endLat() != null
            ? new GeoPoint(r.endLat(), r.endLng(), r.endAddress())
            : base == null ? null : base.endLocation();
    TimeWindow oldShift = base == null ? null : base.shift();
    OffsetDateTime shiftStart =
        r.shiftStart() != null ? r.shiftStart() : oldShift == null ? null : oldShift.start();
    OffsetDateTime shiftEnd =
        r.shiftEnd() != null ? r.shiftEnd() : oldShift == null ? null : oldShift.end();
    Checks.window(shiftStart, shiftEnd, "shift_start", "shift_end");
    DriverData driver =
        new DriverData(
            id,
            r.externalId() != null ? r.externalId() : base == null ? null : base.externalId(),
            r.name() != null ? r.name() : base == null ? null : base.name(),
            r.phone() != null ? r.phone() : base == null ? null : base.phone(),
            start,
            end,
            shiftStart == null ? null : new TimeWindow(shiftStart, shiftEnd),
            r.skills() != null ? r.skills() : base == null ? null : base.skills(),
            r.maxConcurrentJobs() != null
                ? r.maxConcurrentJobs()
                : base == null ? null : base.maxConcurrentJobs(),
            r.zone() != null ? r.zone() : base == null ? null : base.zone());
    // A vehicle and breaks the request does not name are kept by an update.
    return DriverVehicle.apply(driver, r, base);
  }

  /** The API representation of a driver. */
  public static Map<String, Object> render(DriverView v) {
    DriverData d = v.driver();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.id());
    m.put("object", "driver");
    m.put("external_id", d.externalId());
    m.put("name", d.name());
    m.put("phone", d.phone());
    m.put("start_lat", d.startLocation().lat());
    m.put("start_lng", d.startLocation().lng());
    m.put("end_lat", d.endLocation() == null ? null : d.endLocation().lat());
    m.put("end_lng", d.endLocation() == null ? null : d.endLocation().lng());
    m.put("start_address", d.startLocation().address());
    m.put("end_address", d.endLocation() == null ? null : d.endLocation().address());
    m.put("shift_start", d.shift() == null ? null : d.shift().start());
    m.put("shift_end", d.shift() == null ? null : d.shift().end());
    m.put("skills", d.skills());
    m.put("max_concurrent_jobs", d.maxConcurrentJobsOrDefault());
    m.put("zone", d.zone());
    DriverVehicle.render(d, m);
    m.put("status", v.lifecycle());
    m.put("created_at", v.createdAt());
    m.put("updated_at", v.updatedAt());
    return m;
  }
}
