package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.views.JobView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.TimeWindow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/jobs}: create, list, read, change and cancel jobs; every write is a job event. */
public final class JobResource {

  /** The body of {@code POST /jobs/{id}/cancel}. */
  public record CancelRequest(String reason) {}

  static final Map<String, String> FIELDS =
      Map.of(
          "location/lat",
          "dropoff_lat",
          "location/lng",
          "dropoff_lng",
          "location/address",
          "dropoff_address",
          "time_windows/0/start",
          "window_start",
          "time_windows/0/end",
          "window_end");
  private static final Set<String> STATUSES =
      Set.of("pending", "assigned", "unassigned", "cancelled", "started", "completed", "failed");

  private final Writes writes;
  private final ViewStore views;
  private final Addresses addresses;

  public JobResource(Writes writes, ViewStore views, Places places) {
    this.writes = writes;
    this.views = views;
    this.addresses = new Addresses(places);
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/jobs", Route.Access.KEY, this::create),
        Route.get("/api/v1/jobs", Route.Access.KEY, this::list),
        Route.get("/api/v1/jobs/{id}", Route.Access.KEY, this::get),
        Route.patch("/api/v1/jobs/{id}", Route.Access.KEY, this::update),
        Route.post("/api/v1/jobs/{id}/cancel", Route.Access.KEY, this::cancel));
  }

  ApiResponse create(ApiRequest request) {
    Addresses.Located<JobRequest> located = addresses.locate(request.body(JobRequest.class));
    JobRequest body = located.request();
    Checks.all(
        () -> Checks.required(body.dropoffLat(), "dropoff_lat"),
        () -> Checks.required(body.dropoffLng(), "dropoff_lng"),
        () -> fieldChecks(body));
    String id = Writes.newId(request, Ids.JOB);
    JobData job = toJob(id, body, null);
    return ApiResponse.created(
        Addresses.withGeocoded(
            render(
                writes
                    .writeJob(request, EventType.forJob(true, job), id, job, FIELDS)
                    .filter(JobView::exists)
                    .orElseThrow()),
            located));
  }

  ApiResponse list(ApiRequest request) {
    String status = request.query("status").orElse(null);
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.invalid("status", "status must be one of " + STATUSES);
    }
    var page =
        views.jobs(
            request.tenant(),
            Lists.cursor(request),
            Lists.limit(request),
            j -> status == null || status.equals(j.status()));
    return ApiResponse.ok(Lists.page(request, page, JobView::id, JobResource::render));
  }

  ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(render(find(request)));
  }

  ApiResponse update(ApiRequest request) {
    Addresses.Located<JobRequest> located = addresses.locate(request.body(JobRequest.class));
    JobRequest body = located.request();
    JobView current = find(request);
    requireOpen(current, "changed");
    JobData job = toJob(current.id(), body, current.job());
    return ApiResponse.ok(
        Addresses.withGeocoded(
            render(
                writes
                    .writeJob(request, EventType.forJob(false, job), current.id(), job, FIELDS)
                    .filter(JobView::exists)
                    .orElseThrow()),
            located));
  }

  ApiResponse cancel(ApiRequest request) {
    CancelRequest body = request.bodyOr(CancelRequest.class, new CancelRequest(null));
    Checks.text(body.reason(), 512, "reason");
    JobView current = find(request);
    requireOpen(current, "cancelled");
    JobStatusData status =
        new JobStatusData(
            current.id(), null, Instant.now().truncatedTo(ChronoUnit.MILLIS), body.reason(), null);
    return ApiResponse.ok(
        render(
            writes
                .writeJob(request, EventType.JOB_CANCELLED, current.id(), status, Map.of())
                .filter(JobView::exists)
                .orElseThrow()));
  }

  private JobView find(ApiRequest request) {
    String id = request.pathParam("id");
    return views.job(request.tenant(), id).orElseThrow(() -> ApiException.notFound("job", id));
  }

  private static void requireOpen(JobView job, String verb) {
    if (!"open".equals(job.lifecycle())) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT,
              "job " + job.id() + " is " + job.lifecycle() + " and cannot be " + verb)
          .withParam("id");
    }
  }

  /** Every field of a job request on its own, all reported together. */
  static void fieldChecks(JobRequest r) {
    Checks.all(
        () -> Checks.range(r.dropoffLat(), -90, 90, "dropoff_lat"),
        () -> Checks.range(r.dropoffLng(), -180, 180, "dropoff_lng"),
        () -> Checks.text(r.dropoffAddress(), 512, "dropoff_address"),
        () -> Checks.text(r.externalId(), 128, "external_id"),
        () -> Checks.range(r.serviceMinutes(), 0, 1440, "service_minutes"),
        () -> Checks.range(r.priority(), 1, 5, "priority"),
        () -> Checks.skills(r.skills(), "skills"),
        () -> Checks.text(r.jobType(), 64, "job_type"),
        () -> Checks.code(r.zone(), "zone"),
        () -> JobGoods.check(r));
  }

  /** A new job from the request, or {@code base} with the fields the request names replaced. */
  static JobData toJob(String id, JobRequest r, JobData base) {
    fieldChecks(r);
    GeoPoint oldLoc = base == null ? null : base.location();
    double lat = r.dropoffLat() != null ? r.dropoffLat() : oldLoc.lat();
    double lng = r.dropoffLng() != null ? r.dropoffLng() : oldLoc.lng();
    String address =
        r.dropoffAddress() != null ? r.dropoffAddress() : oldLoc == null ? null : oldLoc.address();
    TimeWindow oldWindow =
        base == null || base.timeWindows().isEmpty() ? null : base.timeWindows().get(0);
    OffsetDateTime start =
        r.windowStart() != null ? r.windowStart() : oldWindow == null ? null : oldWindow.start();
    OffsetDateTime end =
        r.windowEnd() != null ? r.windowEnd() : oldWindow == null ? null : oldWindow.end();
    Checks.window(start, end, "window_start", "window_end");
    JobData job =
        new JobData(
            id,
            pick(r.externalId(), base == null ? null : base.externalId()),
            new GeoPoint(lat, lng, address),
            pick(r.serviceMinutes(), base == null ? null : base.serviceMinutes()),
            pick(r.priority(), base == null ? null : base.priority()),
            start == null ? List.of() : List.of(new TimeWindow(start, end)),
            pick(r.skills(), base == null ? null : base.skills()),
            pick(r.jobType(), base == null ? null : base.jobType()),
            pick(r.zone(), base == null ? null : base.zone()));
    // A pickup and goods the request does not name are kept by an update.
    return JobGoods.apply(job, r, base);
  }

  private static <T> T pick(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /** The API representation of a job. */
  public static Map<String, Object> render(JobView v) {
    JobData j = v.job();
    TimeWindow w = j.timeWindows().isEmpty() ? null : j.timeWindows().get(0);
    AssignmentData a = v.assignment();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.id());
    m.put("object", "job");
    m.put("external_id", j.externalId());
    m.put("dropoff_lat", j.location().lat());
    m.put("dropoff_lng", j.location().lng());
    m.put("dropoff_address", j.location().address());
    m.put("service_minutes", j.serviceMinutes());
    m.put("priority", j.priorityOrDefault());
    m.put("window_start", w == null ? null : w.start());
    m.put("window_end", w == null ? null : w.end());
    m.put("skills", j.skills());
    m.put("job_type", j.jobType());
    m.put("zone", j.zone());
    JobGoods.render(j, m);
    m.put("status", v.status());
    m.put("driver_id", "cancelled".equals(v.lifecycle()) ? null : v.currentDriver());
    m.put("locked", v.locked());
    m.put("route_id", v.planned() == null ? null : v.planned().routeId());
    // A live ETA (from the driver's latest position) beats the plan's arrival time.
    m.put(
        "eta",
        v.eta() != null ? v.eta().eta() : v.planned() == null ? null : v.planned().arrival());
    m.put("sla_risk", v.sla() == null ? null : sla(v.sla()));
    m.put("assignment", a == null ? null : assignment(a));
    m.put(
        "last_error",
        v.lastError() == null
            ? null
            : Map.of(
                "code",
                v.lastError().code(),
                "path",
                v.lastError().path(),
                "message",
                v.lastError().message()));
    m.put("status_reason", v.lifecycleReason());
    m.put("created_at", v.createdAt());
    m.put("updated_at", v.updatedAt());
    return m;
  }

  private static Map<String, Object> sla(JobView.Sla s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", s.status());
    m.put("predicted_lateness_s", s.data().predictedLatenessS());
    m.put("predicted_finish", s.data().predictedFinish());
    m.put("window_end", s.data().windowEnd());
    m.put("cause", s.data().cause());
    m.put("detected_at", s.data().detectedAt());
    return m;
  }

  private static Map<String, Object> assignment(AssignmentData a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("driver_id", a.driverId());
    m.put("score", a.score());
    m.put("rank", a.rank());
    m.put("distance_m", a.distanceM());
    m.put("unassigned_reason", a.unassignedReason());
    m.put("reason", a.reason());
    m.put("weights_version", a.weightsVersion());
    m.put("decided_at", a.decidedAt());
    return m;
  }
}
