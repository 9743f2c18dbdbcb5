package io.fleetstream.routing.solver.internal;

import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Stop;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.model.TimeWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stops {@link RouteLocalSearch} moves, numbered as nodes (a service job is one node, a
 * pickup-and-delivery pair two: pickup, then dropoff), and what a route of them must keep: the
 * rules of {@link RouteSimulator} for routes without breaks or stop limits, and the route's term of
 * the objective. Per-node arrays, because the moves read them in their innermost loops.
 */
final class SearchStops {

  final TravelMatrix m;
  final boolean byDistance;
  final StopRef[] refs;
  final StopType[] type;
  final int[] mate; // the other stop of a pickup-and-delivery pair, or -1
  final int[] loc;
  final double[] service;
  final boolean[] fixed; // locked: never moved, moves go around them
  // The first window of each stop; with oneWindow the only one, for the O(1) time checks.
  final double[] early;
  final double[] late;
  final boolean oneWindow;

  private final Map<StopRef, Integer> nodeOf = new HashMap<>();
  private final int[][] demand;
  private final Job[] jobs;
  private final Stop[] stops;
  private final int dims;
  private final Map<String, boolean[]> skillsOk = new HashMap<>();
  private final int[] stamp; // pickups seen in the route being checked (by check number)
  // Each job's current driver and move cost (on its last stop, so a pair counts once): a re-plan's.
  private final String[] incumbent;
  private final double[] moveCost;
  private final boolean anyMoveCost;
  private int checks;

  SearchStops(Problem problem, Collection<Job> searchable, TravelMatrix m, Objective objective) {
    this.m = m;
    this.byDistance = objective.byDistance();
    // Locked jobs are stops too (moves go around them), in a fixed order.
    List<Job> all = new ArrayList<>(searchable);
    Map<String, Job> byId = problem.jobsById();
    Set<String> searched = new HashSet<>();
    searchable.forEach(j -> searched.add(j.id()));
    problem.lockedJobIds().stream()
        .filter(id -> !searched.contains(id))
        .sorted()
        .forEach(id -> all.add(byId.get(id)));
    int n = 0;
    for (Job j : all) n += j.stopRefs().size();
    fixed = new boolean[n];
    refs = new StopRef[n];
    type = new StopType[n];
    mate = new int[n];
    stamp = new int[n];
    loc = new int[n];
    service = new double[n];
    demand = new int[n][];
    jobs = new Job[n];
    stops = new Stop[n];
    early = new double[n];
    late = new double[n];
    incumbent = new String[n];
    moveCost = new double[n];
    anyMoveCost = !problem.incumbents().isEmpty();
    boolean single = true;
    dims = problem.dimensions();
    int k = 0;
    for (Job j : all) {
      for (StopRef ref : j.stopRefs()) {
        Stop stop = j.stopOf(ref.type());
        fixed[k] = !searched.contains(j.id());
        nodeOf.put(ref, k);
        refs[k] = ref;
        type[k] = ref.type();
        mate[k] =
            ref.type() == StopType.DROPOFF ? k - 1 : ref.type() == StopType.PICKUP ? k + 1 : -1;
        jobs[k] = j;
        var held = problem.incumbents().jobs().get(j.id());
        if (held != null && ref.type() != StopType.PICKUP) {
          incumbent[k] = held.driverId();
          moveCost[k] = held.moveCost();
        }
        stops[k] = stop;
        loc[k] = m.indexOf(stop.location());
        service[k] = stop.serviceSeconds();
        List<TimeWindow> ws = stop.effectiveWindows();
        single &= ws.size() == 1;
        early[k] = ws.get(0).start();
        late[k] = ws.get(0).end();
        demand[k] = new int[dims];
        for (int d = 0; d < dims; d++) demand[k][d] = j.demand(d);
        k++;
      }
    }
    oneWindow = single;
  }

  int size() {
    return refs.length;
  }

  /** The node of a stop, or null when it is not one of these. */
  Integer node(StopRef ref) {
    return nodeOf.get(ref);
  }

  /**
   * Whether driver {@code d}, from matrix point {@code start} to {@code end} (-1: an open route),
   * can serve {@code seq} by the simulator's rules: skills, every stop in a window, goods loaded as
   * the simulator loads them (service jobs' from the start, a pair's between its stops, each pickup
   * before its dropoff on this route), within capacity throughout and the shift.
   */
  boolean feasible(Driver d, int start, int end, int[] seq) {
    boolean[] skills = skillsOk.computeIfAbsent(d.id(), id -> skillsOf(d));
    long[] load = new long[dims];
    for (int u : seq) {
      if (type[u] == StopType.SERVICE) {
        for (int k = 0; k < dims; k++) load[k] += demand[u][k];
      }
    }
    if (over(d, load)) return false;
    int check = ++checks;
    int open = 0;
    double t = d.shift().start();
    int prev = start;
    for (int u : seq) {
      if (!skills[u]) return false;
      double begin = serviceStart(u, t + m.seconds(prev, loc[u]));
      if (Double.isNaN(begin)) return false;
      t = begin + service[u];
      prev = loc[u];
      int sign = -1;
      if (type[u] == StopType.PICKUP) {
        stamp[u] = check;
        open++;
        sign = 1;
      } else if (type[u] == StopType.DROPOFF) {
        if (stamp[mate[u]] != check) return false; // its pickup is not earlier on this route
        open--;
      }
      for (int k = 0; k < dims; k++) load[k] += sign * demand[u][k];
      if (over(d, load)) return false;
    }
    if (open != 0) return false; // a pickup whose dropoff is on no later stop
    if (end >= 0) t += m.seconds(prev, end);
    return t <= d.shift().end() + RouteSimulator.EPS;
  }

  /**
   * The route's term of the objective ({@link PlanCost#routeCost} without the vehicle cost, which a
   * move only ever saves): metres, or the duration from the departure that avoids waiting at the
   * first stop to the end, as {@link RouteSimulator} times it; plus the move cost of jobs taken
   * from other drivers.
   */
  double cost(Driver d, int start, int end, int[] seq) {
    if (seq.length == 0) return 0;
    return routing(d, start, end, seq) + moves(d, seq);
  }

  /** The move cost of the jobs on {@code seq} that another driver has now ({@link PlanCost}). */
  private double moves(Driver d, int[] seq) {
    if (!anyMoveCost) return 0;
    double c = 0;
    for (int u : seq) {
      if (incumbent[u] != null && !incumbent[u].equals(d.id())) c += moveCost[u];
    }
    return c;
  }

  private double routing(Driver d, int start, int end, int[] seq) {
    if (byDistance) {
      double sum = 0;
      int prev = start;
      for (int u : seq) {
        sum += m.metres(prev, loc[u]);
        prev = loc[u];
      }
      return sum + c(prev, end);
    }
    double departure = d.shift().start();
    double t = departure;
    int prev = start;
    for (int k = 0; k < seq.length; k++) {
      int u = seq[k];
      double ready = t + m.seconds(prev, loc[u]);
      double begin = serviceStart(u, ready);
      if (k == 0) departure += begin - ready;
      t = begin + service[u];
      prev = loc[u];
    }
    return t + seconds(prev, end) - departure;
  }

  /**
   * What a leg adds to the objective, as the moves' guide: metres, or driving seconds (waiting is
   * left to {@link #cost}); 0 into the end of an open route.
   */
  double c(int from, int to) {
    if (to < 0) return 0;
    return byDistance ? m.metres(from, to) : m.seconds(from, to);
  }

  /** Driving seconds, 0 into the end of an open route. */
  double seconds(int from, int to) {
    return to < 0 ? 0 : m.seconds(from, to);
  }

  /** Per stop, whether driver {@code d} has the skills it needs (shared, not to be changed). */
  boolean[] serves(Driver d) {
    return skillsOk.computeIfAbsent(d.id(), id -> skillsOf(d));
  }

  /** Stop {@code u}'s demand in dimension {@code k} (a pair's goods count on both its stops). */
  int demand(int u, int k) {
    return demand[u][k];
  }

  int dimensions() {
    return dims;
  }

  /** Each node's {@code k} nearest others, both ways by the guide, nearest first. */
  int[][] nearest(int k) {
    int n = size();
    k = Math.min(k, n - 1);
    int[][] out = new int[n][];
    Integer[] order = new Integer[n];
    for (int u = 0; u < n; u++) {
      final int from = u;
      for (int v = 0; v < n; v++) order[v] = v;
      Arrays.sort(
          order,
          (x, y) ->
              Double.compare(
                  c(loc[from], loc[x]) + c(loc[x], loc[from]),
                  c(loc[from], loc[y]) + c(loc[y], loc[from])));
      out[u] = new int[k];
      int c = 0;
      for (int v = 0; v < n && c < k; v++) {
        if (order[v] != u) out[u][c++] = order[v];
      }
    }
    return out;
  }

  /** Whether every leg between two stops costs the same both ways (2-opt needs that). */
  boolean symmetric() {
    for (int u = 0; u < size(); u++) {
      for (int v = u + 1; v < size(); v++) {
        if (c(loc[u], loc[v]) != c(loc[v], loc[u])) return false;
      }
    }
    return true;
  }

  /**
   * When service at {@code u} starts for a driver ready at {@code ready}, by the simulator's rule
   * (the first window still open); NaN if every window closed.
   */
  private double serviceStart(int u, double ready) {
    TimeWindow w = RouteSimulator.firstOpenWindow(stops[u], ready);
    return w == null ? Double.NaN : Math.max(ready, w.start());
  }

  private boolean over(Driver d, long[] load) {
    for (int k = 0; k < dims; k++) {
      if (load[k] > d.capacity(k)) return true;
    }
    return false;
  }

  private boolean[] skillsOf(Driver d) {
    boolean[] ok = new boolean[jobs.length];
    for (int u = 0; u < jobs.length; u++) {
      ok[u] = jobs[u].requiredSkills().isEmpty() || d.hasSkills(jobs[u].requiredSkills());
    }
    return ok;
  }
}
