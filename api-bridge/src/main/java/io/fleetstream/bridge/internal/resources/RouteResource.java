package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.views.RouteView;
import io.fleetstream.bridge.internal.views.ViewStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/routes}: the routes of committed optimization runs, filterable by driver and
 * run.
 */
public final class RouteResource {

  private final ViewStore views;

  public RouteResource(ViewStore views) {
    this.views = views;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/routes", Route.Access.KEY, this::list),
        Route.get("/api/v1/routes/{id}", Route.Access.KEY, this::get));
  }

  ApiResponse list(ApiRequest request) {
    String driver = request.query("driver_id").orElse(null);
    String run = request.query("run_id").orElse(null);
    var page =
        views.routes(
            request.tenant(),
            Lists.cursor(request),
            Lists.limit(request),
            r ->
                (driver == null || driver.equals(r.driverId()))
                    && (run == null || run.equals(r.runId())));
    return ApiResponse.ok(Lists.page(request, page, RouteView::id, RouteResource::render));
  }

  ApiResponse get(ApiRequest request) {
    String id = request.pathParam("id");
    return ApiResponse.ok(
        render(
            views
                .route(request.tenant(), id)
                .orElseThrow(() -> ApiException.notFound("route", id))));
  }

  static Map<String, Object> render(RouteView r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("object", "route");
    m.put("run_id", r.runId());
    m.put("driver_id", r.driverId());
    m.put("stops", r.stops().stream().map(RunRenderer::stop).toList());
    m.put("polyline", r.polyline());
    m.put("distance_m", r.distanceM());
    m.put("duration_s", r.durationS());
    m.put("created_at", r.createdAt());
    return m;
  }
}
