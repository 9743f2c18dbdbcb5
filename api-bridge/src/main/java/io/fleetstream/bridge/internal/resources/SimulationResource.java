package io.fleetstream.bridge.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.internal.auth.Scope;
import io.fleetstream.bridge.internal.billing.Meter;
import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.views.SimulationViews.SimulationView;
import io.fleetstream.bridge.internal.views.SimulationViews.SimulationWaiters;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.SimulationRequestData;
import io.fleetstream.schemas.events.SimulationResultData;
import io.fleetstream.schemas.events.SimulationResultData.Kpis;
import io.fleetstream.schemas.events.SimulationResultData.Outcome;
import io.fleetstream.schemas.json.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * {@code POST /api/v1/simulation/run} and {@code GET /api/v1/simulation/runs/{id}}: a what-if on
 * one zone. The bridge writes the request to the simulations topic; the zone's planner in the
 * dispatch job snapshots its open work, and a solver stage answers with the current plan and the
 * changed zone's plan side by side. Nothing is written to a live topic and no live state changes.
 */
public final class SimulationResource {

  /** The body of {@code POST /simulation/run}. */
  public record SimulationRequest(
      String zone,
      List<DriverResource.DriverRequest> addDrivers,
      List<String> removeDriverIds,
      List<JobRequest> addJobs,
      String objective,
      Double timeLimitS,
      Long seed) {}

  static final String PREFIX = "sim_";
  private static final Set<String> OBJECTIVES = Set.of("min_duration", "min_distance", "balanced");
  private static final int MAX_DRIVERS = 100;
  private static final int MAX_JOBS = 500;
  private static final double DEFAULT_TIME_LIMIT_S = 2;

  /** What the answer may take beyond the solve: the snapshot, the road matrix, two commits. */
  private static final Duration WAIT_MARGIN = Duration.ofSeconds(15);

  private final Writes writes;
  private final ViewStore views;
  private final SimulationWaiters waiters;

  private final Addresses addresses;

  public SimulationResource(
      Writes writes, ViewStore views, SimulationWaiters waiters, Places places) {
    this.addresses = new Addresses(places);
    this.writes = writes;
    this.views = views;
    this.waiters = waiters;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/simulation/run", Route.Access.KEY, this::run).scope(Scope.OPTIMIZE),
        Route.get("/api/v1/simulation/runs/{id}", Route.Access.KEY, this::get));
  }

  ApiResponse run(ApiRequest request) {
    SimulationRequest body = request.body(SimulationRequest.class);
    String zone = Checks.required(body.zone(), "zone");
    Checks.code(zone, "zone");
    List<DriverData> drivers = new ArrayList<>();
    List<JobData> jobs = new ArrayList<>();
    Checks.all(
        () -> drivers.addAll(added(body.addDrivers(), zone)),
        () -> jobs.addAll(addedJobs(body.addJobs(), zone)),
        () -> removed(request, body.removeDriverIds()),
        () -> {
          if (body.objective() != null && !OBJECTIVES.contains(body.objective())) {
            throw ApiException.invalid("objective", "objective must be one of " + OBJECTIVES);
          }
        },
        () -> {
          if (body.timeLimitS() != null && (body.timeLimitS() <= 0 || body.timeLimitS() > 30)) {
            throw ApiException.invalid(
                "time_limit_s", "time_limit_s must be above 0 and at most 30");
          }
        },
        () -> Checks.range(body.seed(), 0, 4294967295L, "seed"));
    boolean async = OptimizeResource.parseAsync(request);
    String runId = Writes.newId(request, PREFIX);
    SimulationRequestData command =
        new SimulationRequestData(
            runId,
            zone,
            drivers,
            body.removeDriverIds(),
            jobs,
            body.objective(),
            body.timeLimitS(),
            body.seed(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    CompletableFuture<SimulationResultData> answered =
        async ? null : waiters.register(request.tenant(), runId);
    try {
      writes.charged(
          request, Meter.Kind.OPTIMIZE, EventType.SIMULATION_REQUESTED, runId, command, Map.of());
    } catch (RuntimeException e) {
      waiters.forget(request.tenant(), runId);
      throw e;
    }
    if (async) {
      return answer(request.tenant(), runId);
    }
    double limitS = body.timeLimitS() != null ? body.timeLimitS() : DEFAULT_TIME_LIMIT_S;
    long waitMs = Math.round(limitS * 1000) + WAIT_MARGIN.toMillis();
    CompletableFuture<SimulationResultData> waited =
        answered.completeOnTimeout(null, waitMs, TimeUnit.MILLISECONDS);
    return ApiResponse.later(
        waited,
        () -> {
          if (waited.getNow(null) == null) {
            waiters.forget(request.tenant(), runId);
          }
          return answer(request.tenant(), runId);
        });
  }

  ApiResponse get(ApiRequest request) {
    String id = request.pathParam("id");
    SimulationView view =
        views
            .simulations()
            .get(request.tenant(), id)
            .orElseThrow(() -> ApiException.notFound("simulation", id));
    return ApiResponse.ok(render(view));
  }

  /** 200 with both plans once the job has answered, else 202 with where to poll. */
  private ApiResponse answer(String tenant, String runId) {
    SimulationView view = views.simulations().get(tenant, runId).orElseThrow();
    Map<String, Object> body = render(view);
    return view.done()
        ? ApiResponse.ok(body)
        : ApiResponse.accepted(body, selfOf(runId)).withHeader("Retry-After", "1");
  }

  private List<DriverData> added(List<DriverResource.DriverRequest> requests, String zone) {
    return items(
        requests,
        MAX_DRIVERS,
        "add_drivers",
        "a driver",
        (i, sent) -> {
          DriverResource.DriverRequest r = addresses.locate(sent).request();
          DriverResource.newDriverChecks(r);
          return DriverResource.toDriver("new_driver_" + (i + 1), r, null).inZone(zone);
        });
  }

  private List<JobData> addedJobs(List<JobRequest> requests, String zone) {
    return items(
        requests,
        MAX_JOBS,
        "add_jobs",
        "a job",
        (i, sent) -> {
          // "What if a job came in at this address?": placed on the map like a job's.
          JobRequest r = addresses.locate(sent).request();
          Checks.all(
              () -> Checks.required(r.dropoffLat(), "dropoff_lat"),
              () -> Checks.required(r.dropoffLng(), "dropoff_lng"),
              () -> JobResource.fieldChecks(r));
          return JobResource.toJob("new_job_" + (i + 1), r, null).inZone(zone);
        });
  }

  /**
   * Each item of a list field built by {@code build} (given its index), every refusal named with
   * its place ({@code add_jobs[2].dropoff_lat}) and all of them reported together.
   */
  private static <T, R> List<R> items(
      List<T> requests, int max, String field, String what, BiFunction<Integer, T, R> build) {
    List<R> out = new ArrayList<>();
    if (requests == null) {
      return out;
    }
    if (requests.size() > max) {
      throw ApiException.invalid(field, "at most " + max + " items");
    }
    List<Runnable> checks = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      int at = i;
      T r = requests.get(i);
      checks.add(
          () ->
              out.add(
                  Checks.under(
                      field + "[" + at + "]",
                      () -> {
                        if (r == null) {
                          throw ApiException.invalid(null, what + " is an object");
                        }
                        return build.apply(at, r);
                      })));
    }
    Checks.all(checks.toArray(Runnable[]::new));
    return out;
  }

  /** Every driver to leave out must be one of the account's. */
  private void removed(ApiRequest request, List<String> ids) {
    if (ids == null) {
      return;
    }
    if (ids.size() > MAX_DRIVERS) {
      throw ApiException.invalid("remove_driver_ids", "at most " + MAX_DRIVERS + " drivers");
    }
    Set<String> seen = new HashSet<>();
    List<Runnable> checks = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      String at = "remove_driver_ids[" + i + "]";
      checks.add(
          () -> {
            if (id == null || !seen.add(id)) {
              throw ApiException.invalid(at, "ids are non-empty strings, each listed once");
            }
            if (views.driver(request.tenant(), id).isEmpty()) {
              throw ApiException.notFound("driver", id).withParam(at);
            }
          });
    }
    Checks.all(checks.toArray(Runnable[]::new));
  }

  private static String selfOf(String runId) {
    return "/api/v1/simulation/runs/" + runId;
  }

  /** The API representation of a what-if. */
  static Map<String, Object> render(SimulationView v) {
    SimulationRequestData q = v.request();
    SimulationResultData a = v.result();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.id());
    m.put("object", "simulation");
    m.put("status", a == null ? "processing" : a.status());
    m.put("zone", q != null ? q.zone() : a.zone());
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put(
        "add_drivers",
        q == null ? List.of() : q.addDrivers().stream().map(DriverData::driverId).toList());
    changes.put("remove_driver_ids", q == null ? List.of() : q.removeDriverIds());
    changes.put(
        "add_jobs", q == null ? List.of() : q.addJobs().stream().map(JobData::jobId).toList());
    changes.put("objective", a != null ? a.objective() : q.objective());
    m.put("changes", changes);
    m.put("current", outcome(a == null ? null : a.current()));
    m.put("scenario", outcome(a == null ? null : a.scenario()));
    m.put("delta", a == null ? null : delta(a.current(), a.scenario()));
    m.put("moves", a == null ? List.of() : EventJson.mapper().valueToTree(a.moves()));
    m.put("metric", a == null ? null : a.metric());
    m.put("elapsed_ms", a == null ? null : a.elapsedMs());
    m.put("error", a == null ? null : a.error());
    m.put("requested_at", q == null ? null : q.requestedAt());
    m.put("completed_at", a == null ? null : a.completedAt());
    m.put("_links", Map.of("self", selfOf(v.id())));
    return m;
  }

  private static JsonNode outcome(Outcome o) {
    return o == null ? null : EventJson.mapper().valueToTree(o);
  }

  /** The scenario's figures minus the current plan's: what the change would bring. */
  private static Map<String, Object> delta(Outcome current, Outcome scenario) {
    if (current == null || scenario == null) {
      return null;
    }
    Kpis c = current.kpis();
    Kpis s = scenario.kpis();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("on_time_pct", round(s.onTimePct() - c.onTimePct()));
    d.put("late", s.late() - c.late());
    d.put("unassigned", s.unassigned() - c.unassigned());
    d.put("km", round(s.km() - c.km()));
    d.put("route_minutes", round(s.routeMinutes() - c.routeMinutes()));
    d.put("overtime_minutes", round(s.overtimeMinutes() - c.overtimeMinutes()));
    d.put("drivers_used", s.driversUsed() - c.driversUsed());
    return d;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
