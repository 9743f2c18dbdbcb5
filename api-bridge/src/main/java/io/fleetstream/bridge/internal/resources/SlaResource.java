package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.views.JobView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.events.SlaData;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/sla/at-risk}: the account's open jobs the SLA watcher last called late or at
 * risk, the latest first in the order a dispatcher works them: breached before at risk, then by
 * predicted lateness.
 */
public final class SlaResource {

  private static final Comparator<JobView> MOST_URGENT =
      Comparator.<JobView>comparingInt(v -> "breached".equals(v.sla().status()) ? 0 : 1)
          .thenComparing(v -> v.sla().data().predictedLatenessS(), Comparator.reverseOrder())
          .thenComparing(JobView::id);

  private final ViewStore views;

  public SlaResource(ViewStore views) {
    this.views = views;
  }

  public List<Route> routes() {
    return List.of(Route.get("/api/v1/sla/at-risk", Route.Access.KEY, this::atRisk));
  }

  ApiResponse atRisk(ApiRequest request) {
    int limit = Lists.limit(request);
    List<JobView> jobs = views.jobsAtRisk(request.tenant()).stream().sorted(MOST_URGENT).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", jobs.stream().limit(limit).map(SlaResource::render).toList());
    body.put("has_more", jobs.size() > limit);
    body.put("total", jobs.size());
    body.put("url", request.path());
    return ApiResponse.ok(body);
  }

  static Map<String, Object> render(JobView v) {
    SlaData s = v.sla().data();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_id", v.id());
    m.put("external_id", v.job().externalId());
    m.put("status", v.sla().status());
    m.put("priority", v.job().priorityOrDefault());
    m.put("driver_id", v.currentDriver());
    m.put("predicted_lateness_s", s.predictedLatenessS());
    m.put("predicted_finish", s.predictedFinish());
    m.put("window_end", s.windowEnd());
    m.put("cause", s.cause());
    // What the prediction stands on: the driver's live position, the plan, or nothing (no driver).
    m.put(
        "eta_source",
        v.eta() != null
            ? "live"
            : v.planned() != null ? "plan" : s.driverId() != null ? "assignment" : "none");
    m.put("detected_at", s.detectedAt());
    return m;
  }
}
