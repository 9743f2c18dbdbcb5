package io.fleetstream.routing.model;

import java.util.List;
import java.util.Objects;

/**
 * A driver's planned route: departure from the start, the stops, arrival at the end (or departure
 * from the last stop for an open route), distance in metres (or instance units), duration in
 * seconds, the metric the travel figures came from, and the encoded polyline of the geometry (empty
 * when no road geometry is available).
 */
public record Route(
    String driverId,
    double start,
    List<RouteStop> stops,
    double end,
    double distance,
    double duration,
    String metric,
    String polyline) {

  public Route {
    Objects.requireNonNull(driverId, "driverId");
    stops = List.copyOf(stops);
    metric = metric == null ? "" : metric;
    polyline = polyline == null ? "" : polyline;
  }

  /** The stop sequence without schedule. */
  public List<StopRef> refs() {
    return stops.stream().map(RouteStop::ref).toList();
  }

  /** A copy with another polyline. */
  public Route withPolyline(String encoded) {
    return new Route(driverId, start, stops, end, distance, duration, metric, encoded);
  }
}
