package io.fleetstream.routing.model;

import java.util.List;
import java.util.Optional;

/**
 * A solution: one route per driver that has stops, and every job that is not on a route, with its
 * reason. Also the input of a warm start, where only the stop sequences matter.
 */
public record Plan(List<Route> routes, List<UnassignedJob> unassigned) {

  public Plan {
    routes = List.copyOf(routes);
    unassigned = List.copyOf(unassigned);
  }

  public Optional<Route> routeOf(String driverId) {
    return routes.stream().filter(r -> r.driverId().equals(driverId)).findFirst();
  }

  public double totalDistance() {
    return routes.stream().mapToDouble(Route::distance).sum();
  }

  public double totalDuration() {
    return routes.stream().mapToDouble(Route::duration).sum();
  }

  /**
   * How much the routes overlap on the map: over every pair of routes, the area shared by the
   * bounding boxes of their stops (drivers' start and end left out), summed. In coordinate units: x
   * × y for planar points, degrees of latitude × degrees of longitude for real ones (a figure to
   * compare plans of one problem, not an area in m²). 0 when no two routes' boxes intersect, and
   * for routes of collinear stops, whose boxes have no area.
   */
  public double boundingBoxOverlap() {
    List<double[]> boxes =
        routes.stream()
            .filter(r -> !r.stops().isEmpty())
            .map(
                r -> {
                  double[] b = {
                    Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY,
                    Double.NEGATIVE_INFINITY
                  };
                  for (RouteStop s : r.stops()) {
                    b[0] = Math.min(b[0], s.location().lng());
                    b[1] = Math.min(b[1], s.location().lat());
                    b[2] = Math.max(b[2], s.location().lng());
                    b[3] = Math.max(b[3], s.location().lat());
                  }
                  return b;
                })
            .toList();
    double sum = 0;
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        double[] a = boxes.get(i);
        double[] b = boxes.get(j);
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (w > 0 && h > 0) sum += w * h;
      }
    }
    return sum;
  }

  /** Routes that visit at least one stop. */
  public long vehiclesUsed() {
    return routes.stream().filter(r -> !r.stops().isEmpty()).count();
  }
}
