package io.fleetstream.routing.solver.internal;

import java.util.Arrays;

/**
 * A plan {@link StringSearch} changes: each driver's route with, per position, the earliest
 * departure and the latest service start that keeps the rest of the route on time (what makes a
 * place's check O(1)), the route's load and length, and where each stop is. Arrays grow on demand.
 */
final class StringPlan {

  private final StringFleet f;

  final int[][] seq;
  final int[] len;
  final double[][] departs;
  final double[][] latest;
  final long[][] load;
  final double[] metres;
  final int[] routeOf;
  final int[] posOf;

  StringPlan(StringFleet f) {
    this.f = f;
    int routes = f.size();
    seq = new int[routes][];
    len = new int[routes];
    departs = new double[routes][];
    latest = new double[routes][];
    load = new long[routes][f.dims];
    metres = new double[routes];
    routeOf = new int[f.n];
    posOf = new int[f.n];
    for (int r = 0; r < f.size(); r++) {
      seq[r] = new int[8];
      departs[r] = new double[8];
      latest[r] = new double[8];
    }
  }

  /**
   * Room for {@code size} stops on route {@code r}: grown on demand, since a fleet of a thousand
   * drivers with arrays of every stop would hold gigabytes.
   */
  void ensure(int r, int size) {
    if (seq[r].length >= size) return;
    int grown = Math.min(f.n, Math.max(size, 2 * seq[r].length));
    seq[r] = Arrays.copyOf(seq[r], grown);
    departs[r] = Arrays.copyOf(departs[r], grown);
    latest[r] = Arrays.copyOf(latest[r], grown);
  }

  double cost() {
    double c = 0;
    for (int r = 0; r < f.size(); r++) if (len[r] > 0) c += f.vehicleCost + metres[r];
    return c;
  }

  void copyRoute(StringPlan from, int r) {
    len[r] = from.len[r];
    ensure(r, len[r]);
    System.arraycopy(from.seq[r], 0, seq[r], 0, len[r]);
    System.arraycopy(from.departs[r], 0, departs[r], 0, len[r]);
    System.arraycopy(from.latest[r], 0, latest[r], 0, len[r]);
    System.arraycopy(from.load[r], 0, load[r], 0, f.dims);
    metres[r] = from.metres[r];
    for (int i = 0; i < len[r]; i++) {
      routeOf[seq[r][i]] = r;
      posOf[seq[r][i]] = i;
    }
  }

  void copyAll(StringPlan from) {
    for (int r = 0; r < f.size(); r++) copyRoute(from, r);
  }

  /** Recomputes route {@code r}'s schedule, load, length and its stops' places. */
  void update(int r) {
    int[] s = seq[r];
    int k = len[r];
    double t = f.shiftStart[r];
    int prev = f.start[r];
    double m = 0;
    Arrays.fill(load[r], 0);
    for (int i = 0; i < k; i++) {
      int u = s[i];
      int at = f.stops.loc[u];
      t = Math.max(t + f.stops.m.seconds(prev, at), f.stops.early[u]) + f.stops.service[u];
      departs[r][i] = t;
      m += f.stops.c(prev, at);
      prev = at;
      routeOf[u] = r;
      posOf[u] = i;
      for (int d = 0; d < f.dims; d++) load[r][d] += f.stops.demand(u, d);
    }
    metres[r] = k == 0 ? 0 : m + f.stops.c(prev, f.end[r]);
    double next = f.shiftEnd[r] - f.stops.seconds(prev, f.end[r]);
    for (int i = k - 1; i >= 0; i--) {
      int u = s[i];
      latest[r][i] = Math.min(f.stops.late[u], next - f.stops.service[u]);
      if (i > 0) next = latest[r][i] - f.stops.m.seconds(f.stops.loc[s[i - 1]], f.stops.loc[u]);
    }
  }
}
