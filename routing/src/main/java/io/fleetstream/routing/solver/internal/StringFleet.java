package io.fleetstream.routing.solver.internal;

import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Problem;

/**
 * The drivers as {@link StringSearch} reads them: per driver, where and when the route starts and
 * ends, which stops they may serve and what they carry, in arrays indexed like the plan's routes.
 */
final class StringFleet {

  final SearchStops stops;
  final double vehicleCost;
  final Driver[] drivers;
  final int[] start;
  final int[] end; // -1: an open route
  final double[] shiftStart;
  final double[] shiftEnd;
  // Read for every stop placed: the skills lookup by driver id and the capacity list cost more
  // than the place checks on fleets of hundreds.
  private final boolean[][] serves;
  private final long[][] capacity;
  final int dims;
  final int n;

  StringFleet(Problem problem, SearchStops stops, double vehicleCost) {
    this.stops = stops;
    this.vehicleCost = vehicleCost;
    this.n = stops.size();
    this.dims = stops.dimensions();
    drivers = problem.drivers().toArray(new Driver[0]);
    start = new int[drivers.length];
    end = new int[drivers.length];
    shiftStart = new double[drivers.length];
    shiftEnd = new double[drivers.length];
    serves = new boolean[drivers.length][];
    capacity = new long[drivers.length][dims];
    for (int r = 0; r < drivers.length; r++) {
      Driver d = drivers[r];
      serves[r] = stops.serves(d);
      for (int k = 0; k < dims; k++) capacity[r][k] = d.capacity(k);
      start[r] = stops.m.indexOf(d.start());
      end[r] = d.returnsToEnd() ? stops.m.indexOf(d.end()) : -1;
      shiftStart[r] = d.shift().start();
      shiftEnd[r] = d.shift().end();
    }
  }

  int size() {
    return drivers.length;
  }

  /** Whether driver {@code r}, carrying {@code load}, has the skills for {@code u} and room. */
  boolean fits(long[] load, int r, int u) {
    if (!serves[r][u]) return false;
    for (int d = 0; d < dims; d++) {
      if (load[d] + stops.demand(u, d) > capacity[r][d]) return false;
    }
    return true;
  }
}
