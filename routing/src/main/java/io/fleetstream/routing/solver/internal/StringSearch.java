package io.fleetstream.routing.solver.internal;

import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.solver.SolverConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Slack induction by string removals (SISR, Christiaens and Vanden Berghe, Transportation Science
 * 2020) on the stops' flat arrays: each iteration removes a few strings of consecutive stops from
 * routes near a random stop, puts every stop back at its cheapest place (skipping each place with a
 * small probability, the "blinks"), and keeps the result under simulated annealing. jsprit's ruin
 * and recreate does the same with objects, states and constraint chains; its insertion took ~90 %
 * of a 5 s solve, about 2,000 iterations a second at 200 jobs. Here a place is checked in O(1) from
 * each route's earliest departures and latest starts, so an iteration costs microseconds and the
 * search makes ten to twenty times as many. No library implements SISR for Java, hence this class.
 *
 * <p>Two modes. {@link #run} shortens a complete plan: an iteration that cannot place a stop is
 * rejected, and a stop placed on an unused driver pays the vehicle cost (so it is kept only when
 * that helps). {@link #reduce} is SISR's fleet minimization: it takes drivers away and keeps
 * iterations that leave fewer stops unplaced. It runs where its O(1) checks are the whole rules:
 * {@code min_distance}, one window per stop, no pairs, locks, breaks, stop limits, move costs or
 * unreachable legs, at most {@link #MAX_STOPS} stops ({@link #forProblem} returns null otherwise).
 * Skills and capacities (every dimension) are checked per route.
 *
 * <p>Parameters are the paper's (average 10 stops removed, strings of at most 10, split strings
 * half the time, blinks 1 %), except two: the preserved part of a split string has a uniform length
 * (simpler, not tuned), and the annealing temperatures are relative to the starting plan's average
 * leg (1 to 0.01), since it starts from a good plan rather than from scratch — chosen on the
 * declared tuning subset against 0.3 to 0.01, which measured worse (docs/benchmarks.md).
 */
final class StringSearch {

  private static final double AVG_REMOVED = 10;
  private static final int MAX_STRING = 10;
  private static final double SPLIT_RATE = 0.5;
  private static final double BLINK = 0.01;
  private static final double EPS = RouteSimulator.EPS;

  /**
   * Above this many stops jsprit searches alone. Measured better at 200 and 400 customers (held
   * out, 5 s) and worse at 1,000 (Gehring–Homberger RC1 and RC2, 60 s on two threads: 10.2 % and
   * 9.1 % at the best-known fleet against 6.4 % and 6.4 % without it, with the phases on an
   * iteration budget or on the clock alike): in a minute it does not reorder 90 routes as well as
   * jsprit's ruin and recreate with the local search does. Between 400 and 1,000 is unmeasured.
   */
  static final int MAX_STOPS = 500;

  /** Start and end temperature of the annealing, in average legs of the starting plan. */
  static final double START_TEMPERATURE = 1.0;

  static final double END_TEMPERATURE = 0.01;

  private final SearchStops stops;
  private final int[][] near;
  private final StringFleet fleet;
  private final int n;

  private StringSearch(Problem problem, SearchStops stops, int[][] near, double vehicleCost) {
    this.stops = stops;
    this.near = near;
    this.fleet = new StringFleet(problem, stops, vehicleCost);
    this.n = stops.size();
  }

  /**
   * The search for a problem whose rules its checks cover entirely, sharing {@code descent}'s stops
   * and neighbour lists; null otherwise (see the class comment).
   */
  static StringSearch forProblem(
      Problem problem, RouteLocalSearch descent, SolverConfig config, long unreachableLegs) {
    if (descent == null || config.objective() != Objective.MIN_DISTANCE || unreachableLegs > 0) {
      return null;
    }
    SearchStops s = descent.stops();
    if (!s.oneWindow || !problem.incumbents().isEmpty() || s.size() > MAX_STOPS) return null;
    for (int u = 0; u < s.size(); u++) {
      if (s.fixed[u] || s.mate[u] >= 0) return null;
    }
    return new StringSearch(problem, s, descent.neighbours(), config.vehicleCost());
  }

  /**
   * Searches from {@code plan} (driver id to its stops, every stop of the problem on it) for at
   * most {@code iterations} iterations and until {@code deadlineNanos}; the temperature follows the
   * clock when {@code byClock}, else the iterations. Returns the best plan found (non-empty routes)
   * with its cost, or null when the plan is not complete or holds stops this search does not know.
   */
  Result run(
      Map<String, List<StopRef>> plan,
      long iterations,
      long deadlineNanos,
      boolean byClock,
      Random seeds) {
    // Drawn from the worker's stream, so the run stays reproducible under its seed;
    // SplittableRandom
    // because the blinks draw once per place tried and java.util.Random's atomic update was a third
    // of an iteration.
    SplittableRandom random = new SplittableRandom(seeds.nextLong());
    StringPlan current = new StringPlan(fleet);
    if (!load(plan, current)) return null;
    StringPlan work = new StringPlan(fleet);
    StringPlan best = new StringPlan(fleet);
    work.copyAll(current);
    best.copyAll(current);
    double currentCost = current.cost();
    double bestCost = currentCost;
    int used = 0;
    for (int r = 0; r < fleet.size(); r++) if (current.len[r] > 0) used++;
    double avgLeg = (currentCost - used * fleet.vehicleCost) / Math.max(1, n + used);
    double t0 = START_TEMPERATURE * avgLeg;
    double tf = END_TEMPERATURE * avgLeg;
    long begin = System.nanoTime();
    boolean[] dirty = new boolean[fleet.size()];
    boolean[] removed = new boolean[n];
    int[] out = new int[n];
    long done = 0;
    double share = 0;
    while (done < iterations) {
      if ((done & 63) == 0) {
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) break;
        if (byClock) share = (double) (now - begin) / Math.max(1, deadlineNanos - begin);
      }
      if (!byClock) share = (double) done / iterations;
      done++;
      double temperature = t0 * Math.pow(tf / t0, Math.min(1, share));
      int k = ruin(work, random, dirty, removed, out);
      boolean placed = recreate(work, out, k, random, dirty, null, null) == 0;
      double cost = placed ? work.cost() : Double.POSITIVE_INFINITY;
      boolean accept = cost < currentCost - temperature * Math.log(random.nextDouble());
      settle(current, work, dirty, accept);
      for (int i = 0; i < k; i++) removed[out[i]] = false;
      if (!accept) continue;
      currentCost = cost;
      if (cost < bestCost - EPS) {
        bestCost = cost;
        best.copyAll(current);
      }
    }
    return result(best, bestCost, done);
  }

  /**
   * SISR's fleet minimization from a complete {@code plan}: the driver with the fewest stops is
   * taken away and their stops become absent; each iteration ruins and recreates with the absent
   * stops put back first where they fit (no driver is added) and is kept when it leaves fewer stops
   * absent, or absent stops that were absent less often (each stop counts the iterations it was
   * left out, so the search rotates which ones it cannot place). When none is absent the plan is
   * the new best and the next driver is taken away. Returns the complete plan with the fewest
   * drivers found, or null when no driver could be taken away within {@code iterations} and {@code
   * deadlineNanos}.
   */
  Result reduce(
      Map<String, List<StopRef>> plan, long iterations, long deadlineNanos, Random seeds) {
    SplittableRandom random = new SplittableRandom(seeds.nextLong());
    StringPlan current = new StringPlan(fleet);
    if (!load(plan, current)) return null;
    StringPlan work = new StringPlan(fleet);
    StringPlan best = new StringPlan(fleet);
    boolean[] closed = new boolean[fleet.size()];
    for (int r = 0; r < fleet.size(); r++) closed[r] = current.len[r] == 0;
    int[] absent = new int[n];
    int absentCount = takeAway(current, closed, absent, 0);
    if (absentCount < 0) return null;
    work.copyAll(current);
    int[] absence = new int[n];
    boolean[] dirty = new boolean[fleet.size()];
    boolean[] removed = new boolean[n];
    int[] out = new int[n];
    int[] left = new int[n];
    long done = 0;
    boolean found = false;
    while (done < iterations) {
      if ((done & 63) == 0 && System.nanoTime() - deadlineNanos >= 0) break;
      done++;
      for (int i = 0; i < absentCount; i++) removed[absent[i]] = true;
      int k = ruin(work, random, dirty, removed, out);
      System.arraycopy(absent, 0, out, k, absentCount);
      int total = k + absentCount;
      int nLeft = recreate(work, out, total, random, dirty, closed, left);
      long before = 0;
      long after = 0;
      for (int i = 0; i < absentCount; i++) before += absence[absent[i]];
      for (int i = 0; i < nLeft; i++) after += absence[left[i]];
      boolean accept = nLeft < absentCount || after < before;
      settle(current, work, dirty, accept);
      for (int i = 0; i < total; i++) removed[out[i]] = false;
      for (int i = 0; i < nLeft; i++) absence[left[i]]++;
      if (!accept) continue;
      System.arraycopy(left, 0, absent, 0, nLeft);
      absentCount = nLeft;
      if (absentCount > 0) continue;
      best.copyAll(current);
      found = true;
      absentCount = takeAway(current, closed, absent, 0);
      if (absentCount < 0) break;
      work.copyAll(current);
    }
    return found ? result(best, best.cost(), done) : null;
  }

  /**
   * Makes the routes an iteration changed agree again: the working copy's kept when accepted, the
   * current plan's restored otherwise. Only changed routes are copied, so an iteration costs what
   * it touched, not the whole plan.
   */
  private void settle(StringPlan current, StringPlan work, boolean[] dirty, boolean accept) {
    for (int r = 0; r < fleet.size(); r++) {
      if (!dirty[r]) continue;
      dirty[r] = false;
      if (accept) current.copyRoute(work, r);
      else work.copyRoute(current, r);
    }
  }

  /**
   * Takes the open route with the fewest stops away from {@code p} (closing it), putting its stops
   * in {@code absent} from {@code from} on; returns the new count, or -1 when one route is left.
   */
  private int takeAway(StringPlan p, boolean[] closed, int[] absent, int from) {
    int drop = -1;
    int open = 0;
    for (int r = 0; r < fleet.size(); r++) {
      if (closed[r]) continue;
      open++;
      if (drop < 0 || p.len[r] < p.len[drop]) drop = r;
    }
    if (open < 2) return -1;
    int count = from;
    for (int i = 0; i < p.len[drop]; i++) absent[count++] = p.seq[drop][i];
    p.len[drop] = 0;
    p.update(drop);
    closed[drop] = true;
    return count;
  }

  private Result result(StringPlan best, double cost, long iterations) {
    Map<String, List<StopRef>> routes = new LinkedHashMap<>();
    for (int r = 0; r < fleet.size(); r++) {
      if (best.len[r] == 0) continue;
      List<StopRef> refs = new ArrayList<>(best.len[r]);
      for (int i = 0; i < best.len[r]; i++) refs.add(stops.refs[best.seq[r][i]]);
      routes.put(fleet.drivers[r].id(), refs);
    }
    return new Result(routes, cost, iterations);
  }

  record Result(Map<String, List<StopRef>> routes, double cost, long iterations) {}

  private boolean load(Map<String, List<StopRef>> plan, StringPlan p) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int r = 0; r < fleet.size(); r++) index.put(fleet.drivers[r].id(), r);
    boolean[] seen = new boolean[n];
    int count = 0;
    for (Map.Entry<String, List<StopRef>> e : plan.entrySet()) {
      Integer r = index.get(e.getKey());
      if (r == null) return false;
      for (StopRef ref : e.getValue()) {
        Integer u = stops.node(ref);
        if (u == null || seen[u]) return false;
        seen[u] = true;
        p.ensure(r, p.len[r] + 1);
        p.seq[r][p.len[r]++] = u;
        count++;
      }
    }
    if (count != n) return false;
    for (int r = 0; r < fleet.size(); r++) p.update(r);
    return true;
  }

  /** Removes strings near a random stop; returns how many stops it put in {@code out}. */
  private int ruin(
      StringPlan p, SplittableRandom random, boolean[] dirty, boolean[] removed, int[] out) {
    int routes = 0;
    for (int r = 0; r < fleet.size(); r++) if (p.len[r] > 0) routes++;
    double avgLen = (double) n / Math.max(1, routes);
    double maxString = Math.min(MAX_STRING, avgLen);
    double maxStrings = 4 * AVG_REMOVED / (1 + maxString) - 1;
    int strings = (int) (random.nextDouble() * maxStrings) + 1;
    int seed = random.nextInt(n);
    int k = 0;
    int ruined = 0;
    for (int x = -1; x < near[seed].length && ruined < strings; x++) {
      int c = x < 0 ? seed : near[seed][x];
      int r = p.routeOf[c];
      if (removed[c] || dirty[r]) continue;
      int size = p.len[r];
      int l = (int) (random.nextDouble() * Math.min(size, maxString)) + 1;
      int pos = p.posOf[c];
      int[] s = p.seq[r];
      if (l < size && random.nextDouble() < SPLIT_RATE) {
        // A window of l + m stops around c, of which m consecutive ones stay.
        int m = 1 + random.nextInt(size - l);
        int from = window(pos, l + m, size, random);
        int keep = from + random.nextInt(l + 1);
        for (int i = from; i < from + l + m; i++) {
          if (i < keep || i >= keep + m) out[k++] = s[i];
        }
      } else {
        int from = window(pos, l, size, random);
        for (int i = from; i < from + l; i++) out[k++] = s[i];
      }
      dirty[r] = true;
      ruined++;
    }
    for (int i = 0; i < k; i++) removed[out[i]] = true;
    for (int r = 0; r < fleet.size(); r++) {
      if (!dirty[r]) continue;
      int w = 0;
      for (int i = 0; i < p.len[r]; i++) {
        int u = p.seq[r][i];
        if (!removed[u]) p.seq[r][w++] = u;
      }
      p.len[r] = w;
      p.update(r);
    }
    return k;
  }

  /** The first position of a run of {@code length} stops that holds position {@code pos}. */
  private static int window(int pos, int length, int size, SplittableRandom random) {
    int lo = Math.max(0, pos - length + 1);
    int hi = Math.min(pos, size - length);
    return lo + random.nextInt(hi - lo + 1);
  }

  /**
   * Puts the removed stops back one by one at their cheapest place, in one of SISR's orders
   * (random, largest demand first, farthest first, nearest first, weighted 4:4:2:1); false when a
   * stop fits nowhere. Routes marked {@code closed} take no stop; with {@code left}, a stop that
   * fits nowhere is put there instead and the rest still placed. Returns how many were left, or -1
   * at the first that fits nowhere without {@code left}.
   */
  private int recreate(
      StringPlan p,
      int[] out,
      int k,
      SplittableRandom random,
      boolean[] dirty,
      boolean[] closed,
      int[] left) {
    int unplaced = 0;
    order(out, k, random);
    for (int i = 0; i < k; i++) {
      int u = out[i];
      int bestRoute = -1;
      int bestPos = -1;
      double bestDelta = Double.POSITIVE_INFINITY;
      for (int r = 0; r < fleet.size(); r++) {
        int len = p.len[r];
        double fixed = len == 0 ? fleet.vehicleCost : 0;
        if (fixed >= bestDelta || (closed != null && closed[r]) || !fleet.fits(p.load[r], r, u))
          continue;
        for (int q = 0; q <= len; q++) {
          if (random.nextDouble() < BLINK) continue;
          double depart = q == 0 ? fleet.shiftStart[r] : p.departs[r][q - 1];
          if (depart > stops.late[u] + EPS) break; // later places leave later still
          double delta = fixed + insertion(p, r, q, u, depart);
          if (delta < bestDelta) {
            bestDelta = delta;
            bestRoute = r;
            bestPos = q;
          }
        }
      }
      if (bestRoute < 0) {
        if (left == null) return -1;
        left[unplaced++] = u;
        continue;
      }
      p.ensure(bestRoute, p.len[bestRoute] + 1);
      int[] s = p.seq[bestRoute];
      System.arraycopy(s, bestPos, s, bestPos + 1, p.len[bestRoute] - bestPos);
      s[bestPos] = u;
      p.len[bestRoute]++;
      p.update(bestRoute);
      dirty[bestRoute] = true;
    }
    return unplaced;
  }

  /** What placing {@code u} at position {@code q} of route {@code r} adds; infinite if late. */
  private double insertion(StringPlan p, int r, int q, int u, double depart) {
    int len = p.len[r];
    int prev = q == 0 ? fleet.start[r] : stops.loc[p.seq[r][q - 1]];
    int at = stops.loc[u];
    double ready = depart + stops.m.seconds(prev, at);
    if (ready > stops.late[u] + EPS) return Double.POSITIVE_INFINITY;
    double leave = Math.max(ready, stops.early[u]) + stops.service[u];
    int next;
    if (q < len) {
      next = stops.loc[p.seq[r][q]];
      if (leave + stops.m.seconds(at, next) > p.latest[r][q] + EPS) return Double.POSITIVE_INFINITY;
    } else {
      next = fleet.end[r];
      if (leave + stops.seconds(at, next) > fleet.shiftEnd[r] + EPS)
        return Double.POSITIVE_INFINITY;
    }
    if (len == 0) return stops.c(prev, at) + stops.c(at, next);
    return stops.c(prev, at) + stops.c(at, next) - stops.c(prev, next);
  }

  private void order(int[] out, int k, SplittableRandom random) {
    int pick = random.nextInt(11);
    // Fisher–Yates first, so ties in the sorted orders fall randomly too.
    for (int i = k - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    if (pick < 4) return;
    Integer[] boxed = new Integer[k];
    for (int i = 0; i < k; i++) boxed[i] = out[i];
    int depot = fleet.start[0];
    if (pick < 8 && fleet.dims > 0) {
      Arrays.sort(boxed, (a, b) -> Integer.compare(stops.demand(b, 0), stops.demand(a, 0)));
    } else if (pick < 10) {
      Arrays.sort(
          boxed,
          (a, b) -> Double.compare(stops.c(depot, stops.loc[b]), stops.c(depot, stops.loc[a])));
    } else {
      Arrays.sort(
          boxed,
          (a, b) -> Double.compare(stops.c(depot, stops.loc[a]), stops.c(depot, stops.loc[b])));
    }
    for (int i = 0; i < k; i++) out[i] = boxed[i];
  }
}
