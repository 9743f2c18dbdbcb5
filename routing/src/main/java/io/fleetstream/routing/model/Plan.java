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

  /** Routes that visit at least one stop. */
  public long vehiclesUsed() {
    return routes.stream().filter(r -> !r.stops().isEmpty()).count();
  }
}
