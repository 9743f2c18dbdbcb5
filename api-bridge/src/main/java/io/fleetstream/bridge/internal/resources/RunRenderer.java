package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.billing.Meter;
import io.fleetstream.bridge.internal.views.RunView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.UnassignedJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API representation of an optimization run: the seed's response shape plus status and billing.
 */
public final class RunRenderer {

  private final Supplier<String> baseUrl;

  public RunRenderer(Supplier<String> baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String statusUrl(String runId) {
    return baseUrl.get() + "/api/v1/optimization_runs/" + runId;
  }

  /**
   * Where to go from a run, as paths (seed 002's {@code _links}): {@code self} to poll it, {@code
   * book} while a completed plan can still be committed, {@code routes} once its routes are live,
   * and {@code audit}, the decisions it made.
   */
  static Map<String, String> links(RunView run, OptimizeResource.RunMeta meta) {
    String self = "/api/v1/optimization_runs/" + run.id();
    Map<String, String> links = new LinkedHashMap<>();
    links.put("self", self);
    boolean completed = "completed".equals(run.status());
    if (completed && "plan".equals(run.mode()) && (meta == null || meta.bookedRunId() == null)) {
      links.put("book", self + "/book");
    }
    if (completed && "commit".equals(run.mode())) {
      links.put("routes", "/api/v1/routes?run_id=" + run.id());
      links.put("audit", self + "/audit");
    }
    return links;
  }

  public Map<String, Object> render(RunView run, OptimizeResource.RunMeta meta) {
    PlanData plan = run.plan();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", run.id());
    m.put("object", "optimization_run");
    m.put("status", run.status());
    m.put("mode", run.mode());
    m.put("status_url", statusUrl(run.id()));
    m.put("job_ids", run.jobIds());
    m.put("driver_ids", run.driverIds());
    m.put("options", run.options());
    if (plan != null) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("cost", plan.cost());
      Map<String, String> externalIds = new java.util.HashMap<>();
      if (run.request() != null) {
        run.request().jobs().stream()
            .filter(j -> j.externalId() != null)
            .forEach(j -> externalIds.put(j.jobId(), j.externalId()));
      }
      summary.put(
          "unassigned",
          plan.unassigned().stream().map(u -> unassigned(u, externalIds.get(u.jobId()))).toList());
      summary.put("duration_s", plan.durationS());
      summary.put("distance_m", plan.distanceM());
      m.put("summary", summary);
      boolean committed = "commit".equals(plan.mode()) && "completed".equals(plan.status());
      m.put("routes", plan.routes().stream().map(r -> route(run.id(), r, committed)).toList());
      m.put("metric", plan.metric());
      m.put("seed", plan.seed());
      m.put("elapsed_ms", plan.elapsedMs());
      m.put("error", plan.error());
      m.put("completed_at", plan.completedAt());
    } else {
      m.put("summary", null);
      m.put("routes", List.of());
      m.put("metric", null);
      m.put("seed", null);
      m.put("elapsed_ms", null);
      m.put("error", null);
      m.put("completed_at", null);
    }
    m.put("_links", links(run, meta));
    m.put("requested_at", run.requestedAt());
    m.put("booked_run_id", meta == null ? null : meta.bookedRunId());
    m.put("booked_from", meta == null ? null : meta.bookedFrom());
    Map<String, Object> billing = new LinkedHashMap<>();
    billing.put("cost_usd", meta == null ? null : Meter.usd(meta.chargedMicros()));
    billing.put("own_minted", meta == null ? null : Meter.usd(meta.ownMintedMicros()));
    billing.put("balance_usd", meta == null ? null : Meter.usd(meta.balanceAfterMicros()));
    m.put("billing", billing);
    return m;
  }

  private static Map<String, Object> unassigned(UnassignedJob u, String externalId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_id", u.jobId());
    m.put("external_id", externalId);
    m.put("reason", u.reason());
    m.put("reasons", List.of(Map.of("code", u.reason(), "description", describe(u.reason()))));
    return m;
  }

  /** What each unassigned reason means, for people reading a run. */
  static String describe(String reason) {
    return switch (reason) {
      case "TIME_WINDOW" -> "No driver can reach the job within one of its time windows.";
      case "CAPACITY" -> "The job's load does not fit in any suitable driver's vehicle.";
      case "SKILL" -> "No driver has every skill the job requires.";
      case "SHIFT" -> "No suitable driver can serve the job and finish within the shift.";
      case "MAX_STOPS" -> "Every suitable driver already has as many stops as allowed.";
      case "UNREACHABLE" -> "No road connects the job to any driver.";
      case "NO_DRIVER" -> "The run has no driver.";
      case "PAIR" -> "A pickup-and-delivery job that no driver can serve as a pair.";
      case "BREAK" -> "No suitable driver can serve the job and still take their break in time.";
      default -> reason;
    };
  }

  private static Map<String, Object> route(String runId, PlanRoute r, boolean committed) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("route_id", committed ? ViewStore.routeId(runId, r.driverId()) : null);
    m.put("driver_id", r.driverId());
    m.put("stops", r.stops().stream().map(RunRenderer::stop).toList());
    m.put("polyline", r.polyline());
    m.put("distance_m", r.distanceM());
    m.put("duration_s", r.durationS());
    if (!r.breaks().isEmpty()) {
      m.put("breaks", r.breaks());
    }
    return m;
  }

  static Map<String, Object> stop(PlanStop s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_id", s.jobId());
    m.put("kind", s.kind());
    m.put("arrival", s.arrival());
    m.put("departure", s.departure());
    m.put("duration_s", s.durationS());
    return m;
  }
}
