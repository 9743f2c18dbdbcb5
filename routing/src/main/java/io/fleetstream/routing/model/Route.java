package io.fleetstream.routing.model;

import java.util.List;
import java.util.Objects;

/**
 * A driver's planned route: departure from the start, the stops, arrival at the end (or departure
 * from the last stop for an open route), distance in metres (or instance units), duration in
 * seconds, the metric the travel figures came from, the encoded polyline of the geometry (empty
 * when no road geometry is available), and when the driver's breaks start: {@code
 * breakStarts.get(i)} is the start of the driver's {@code i}-th {@link Break} (in {@link
 * Driver#breaks()} order); the breaks after the last listed one were not due (their windows open
 * after the route's end). The stop times include the breaks.
 */
public record Route(
    String driverId,
    double start,
    List<RouteStop> stops,
    double end,
    double distance,
    double duration,
    String metric,
    String polyline,
    List<Double> breakStarts) {

  public Route {
    Objects.requireNonNull(driverId, "driverId");
    stops = List.copyOf(stops);
    metric = metric == null ? "" : metric;
    polyline = polyline == null ? "" : polyline;
    breakStarts = List.copyOf(breakStarts == null ? List.of() : breakStarts);
  }

  /** A route on which no break is taken. */
  public Route(
      String driverId,
      double start,
      List<RouteStop> stops,
      double end,
      double distance,
      double duration,
      String metric,
      String polyline) {
    this(driverId, start, stops, end, distance, duration, metric, polyline, List.of());
  }

  /** The stop sequence without schedule. */
  public List<StopRef> refs() {
    return stops.stream().map(RouteStop::ref).toList();
  }

  /** A copy with another polyline. */
  public Route withPolyline(String encoded) {
    return new Route(driverId, start, stops, end, distance, duration, metric, encoded, breakStarts);
  }
}
