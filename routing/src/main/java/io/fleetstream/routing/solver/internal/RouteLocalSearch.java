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
import io.fleetstream.routing.solver.SolverConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Descent over a plan's routes with the classic small moves: relocating one to three consecutive
 * stops, swapping two stops, exchanging route tails (2-opt*) and reversing part of a route (2-opt),
 * each between a stop and one of its nearest neighbours (granular search). Ruin and recreate moves
 * ten to forty stops at a time and, on routes of forty stops or more, reorders them slowly: on the
 * long-route Gehring–Homberger families its 5 s plans stayed 7–12 % above the best known. These
 * moves are what it leaves undone, at a fraction of an iteration's cost.
 *
 * <p>A move's change in driving (metres, or seconds for the duration objective) only guides the
 * search: it is taken when the new routes pass a full check of their windows, shift, capacity and
 * skills (the same rules as {@link RouteSimulator}) and their objective term, waiting included, is
 * really lower. It runs only where that term is the whole objective: {@code min_distance} and
 * {@code min_duration} (with or without a vehicle cost), no breaks, stop limits or unreachable legs
 * ({@link #forProblem} returns null otherwise).
 *
 * <p>Pickup-and-delivery pairs: each stop is a node; the full check loads goods between a pair's
 * stops (service jobs' from the start, as the simulator does) and wants each pickup before its
 * dropoff on one route. A pair moves between routes as a unit ({@code relocatePair}: the pickup
 * beside a neighbour, the dropoff at the cheapest later places); single moves that would split a
 * pair across routes are rejected before any check. On Li &amp; Lim 200 (5 s, one thread, three
 * seeds side by side) this took the gap at best-known fleets from about 6.0 % to 4.0 % without
 * changing how often those fleets are reached. Locked stops stay where they are, first on their
 * route: stops move around and after them (the live re-optimizer locks what drivers have started).
 *
 * <p>Deterministic: no randomness, stops visited in a fixed order. After a move only the stops
 * whose neighbours in a route changed are looked at again ("don't look bits"), so the result is not
 * strictly a local optimum: a move a changed schedule opened further along a route may be missed.
 * Routes an earlier call ended with are remembered (by a hash) and their stops start out inactive,
 * so a call after a ruin and recreate mostly looks at what that changed.
 */
final class RouteLocalSearch {

  /** Neighbours per stop that moves are tried with. */
  static final int NEIGHBOURS = 20;

  /** Longest run of consecutive stops moved at once. */
  private static final int MAX_SEGMENT = 3;

  private static final double EPS = 1e-7;

  /** How many locally optimal routes are remembered before the memory starts over. */
  private static final int MEMORY = 200_000;

  private final TravelMatrix m;
  private final boolean byDistance;
  private final Map<StopRef, Integer> nodeOf = new HashMap<>();
  private final StopRef[] refs;
  private final StopType[] type;
  private final int[] mate; // the other stop of a pickup-and-delivery pair, or -1
  private final int[] stamp; // pickups seen in the route being checked (by check number)
  private int checks;
  private final int[] loc;
  private final double[] service;
  private final int[][] demand;
  private final Job[] jobs;
  private final Stop[] stops;
  private final boolean[] fixed;
  private final double[] early;
  private final double[] late;
  private final boolean oneWindow;
  private final int dims;
  private final int[][] neighbours;
  private final boolean symmetric;
  private final Map<String, Driver> drivers;
  private final Map<String, boolean[]> skillsOk = new HashMap<>();
  private final Set<Long> optimal = new HashSet<>();

  // Per call: the routes being improved and where each stop is.
  private final List<RouteState> routes = new ArrayList<>();
  private final int[] routeOf;
  private final int[] posOf;
  private final int[] prevOf;
  private final int[] nextOf;

  /** One route during a call. */
  private static final class RouteState {
    final Driver driver;
    final int start;
    final int end; // -1: open route, ends at its last stop
    int[] seq;
    final int locked; // leading locked stops: nothing moves before or among them
    // With one window per job: departure from each position on the earliest schedule, and the
    // latest service start at each position that keeps the rest of the route on time.
    double[] departs;
    double[] latest;

    RouteState(Driver driver, int start, int end, int[] seq, int locked) {
      this.driver = driver;
      this.locked = locked;
      this.start = start;
      this.end = end;
      this.seq = seq;
    }
  }

  private RouteLocalSearch(
      Problem problem, Collection<Job> searchable, TravelMatrix m, Objective objective) {
    this.m = m;
    this.byDistance = objective == Objective.MIN_DISTANCE;
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
    drivers = problem.driversById();
    routeOf = new int[n];
    posOf = new int[n];
    prevOf = new int[n];
    nextOf = new int[n];
    Arrays.fill(prevOf, -2);
    Arrays.fill(nextOf, -2);
    neighbours = nearest(n);
    symmetric = isSymmetric(n);
  }

  /**
   * The search for a problem, or null when the objective is not one whose route terms it computes
   * (distance, duration) or the problem has rules the full check does not know.
   */
  static RouteLocalSearch forProblem(
      Problem problem, Collection<Job> searchable, TravelMatrix m, SolverConfig config) {
    Objective o = config.objective();
    if ((o != Objective.MIN_DISTANCE && o != Objective.MIN_DURATION) || searchable.size() < 3) {
      return null;
    }
    for (Driver d : problem.drivers()) {
      if (!d.breaks().isEmpty() || d.maxStops() != Driver.UNLIMITED_STOPS) return null;
    }
    if (m.unreachableCount() > 0) return null;
    return new RouteLocalSearch(problem, searchable, m, o);
  }

  /**
   * A shorter plan reached by improving moves from {@code plan} (driver id to its stops), or null
   * when no move improves it, a route holds a job this search does not know, or the clock passed
   * {@code deadlineNanos} before any move. Routes that end up empty are left out.
   */
  Map<String, List<StopRef>> improve(Map<String, List<StopRef>> plan, long deadlineNanos) {
    if (!load(plan)) return null;
    boolean[] active = new boolean[refs.length];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (RouteState r : routes) {
      if (optimal.contains(hash(r))) continue;
      for (int u : r.seq) {
        if (fixed[u]) continue;
        active[u] = true;
        queue.add(u);
      }
    }
    boolean changed = false;
    int sinceClock = 0;
    while (!queue.isEmpty()) {
      if (++sinceClock == 64) {
        sinceClock = 0;
        if (System.nanoTime() - deadlineNanos >= 0) break;
      }
      int u = queue.poll();
      active[u] = false;
      for (int v : neighbours[u]) {
        int ru = routeOf[u];
        int rv = routeOf[v];
        if (ru < 0 || rv < 0) continue;
        int[] beforeU = routes.get(ru).seq;
        int[] beforeV = routes.get(rv).seq;
        if (!tryMoves(u, v)) continue;
        changed = true;
        // Stops whose neighbours in the route changed are looked at again, and u itself.
        activateChanged(beforeU, routes.get(ru).seq, active, queue);
        if (rv != ru) activateChanged(beforeV, routes.get(rv).seq, active, queue);
        if (!active[u]) {
          active[u] = true;
          queue.add(u);
        }
        break;
      }
    }
    if (queue.isEmpty()) remember();
    if (!changed) return null;
    Map<String, List<StopRef>> out = new LinkedHashMap<>();
    for (RouteState r : routes) {
      if (r.seq.length == 0) continue;
      List<StopRef> refs = new ArrayList<>(r.seq.length);
      for (int u : r.seq) refs.add(this.refs[u]);
      out.put(r.driver.id(), refs);
    }
    return out;
  }

  /**
   * Marks the stops of a changed route whose previous or next stop differs from before; {@code
   * after} may have lost or gained stops (they are marked through their new neighbours' changes).
   */
  private void activateChanged(
      int[] before, int[] after, boolean[] active, ArrayDeque<Integer> queue) {
    for (int x = 0; x < before.length; x++) {
      prevOf[before[x]] = x == 0 ? -1 : before[x - 1];
      nextOf[before[x]] = x == before.length - 1 ? -1 : before[x + 1];
    }
    for (int x = 0; x < after.length; x++) {
      int w = after[x];
      int p = x == 0 ? -1 : after[x - 1];
      int n = x == after.length - 1 ? -1 : after[x + 1];
      boolean moved = prevOf[w] != p || nextOf[w] != n;
      prevOf[w] = -2;
      nextOf[w] = -2;
      if (moved && !active[w] && !fixed[w]) {
        active[w] = true;
        queue.add(w);
      }
    }
  }

  private boolean load(Map<String, List<StopRef>> plan) {
    routes.clear();
    Arrays.fill(routeOf, -1);
    for (Map.Entry<String, List<StopRef>> e : plan.entrySet()) {
      if (e.getValue().isEmpty()) continue;
      Driver d = drivers.get(e.getKey());
      if (d == null) return false;
      int[] seq = new int[e.getValue().size()];
      for (int i = 0; i < seq.length; i++) {
        Integer u = nodeOf.get(e.getValue().get(i));
        if (u == null) return false;
        seq[i] = u;
      }
      int start = m.indexOf(d.start());
      int end = d.returnsToEnd() ? m.indexOf(d.end()) : -1;
      int locked = 0;
      while (locked < seq.length && fixed[seq[locked]]) locked++;
      routes.add(new RouteState(d, start, end, seq, locked));
      place(routes.size() - 1);
    }
    return true;
  }

  private void place(int r) {
    RouteState route = routes.get(r);
    int[] seq = route.seq;
    for (int i = 0; i < seq.length; i++) {
      routeOf[seq[i]] = r;
      posOf[seq[i]] = i;
    }
    if (oneWindow) schedule(route);
  }

  private void schedule(RouteState r) {
    int n = r.seq.length;
    r.departs = new double[n];
    r.latest = new double[n];
    double t = r.driver.shift().start();
    int prev = r.start;
    for (int i = 0; i < n; i++) {
      int u = r.seq[i];
      t = Math.max(t + m.seconds(prev, loc[u]), early[u]) + service[u];
      r.departs[i] = t;
      prev = loc[u];
    }
    double next = r.driver.shift().end() - seconds(prev, r.end);
    for (int i = n - 1; i >= 0; i--) {
      int u = r.seq[i];
      r.latest[i] = Math.min(late[u], next - service[u]);
      if (i > 0) next = r.latest[i] - m.seconds(loc[r.seq[i - 1]], loc[u]);
    }
  }

  /**
   * A quick necessary check (exact for time, with one window per job): route {@code r}'s stops up
   * to position {@code p}, then {@code mid[from..to)}, then route {@code s}'s stops from position
   * {@code q} on, reach every stop in its window and the end within the shift. Trivially true
   * without {@link #oneWindow}; for a tail of another route only when both shifts end together.
   */
  private boolean onTime(RouteState r, int p, int[] mid, int from, int to, RouteState s, int q) {
    if (!oneWindow) return true;
    if (s != r && s.driver.shift().end() != r.driver.shift().end()) return true;
    double t = p < 0 ? r.driver.shift().start() : r.departs[p];
    int prev = at(r, p);
    for (int k = from; k < to; k++) {
      int u = mid[k];
      double ready = t + m.seconds(prev, loc[u]);
      if (ready > late[u] + RouteSimulator.EPS) return false;
      t = Math.max(ready, early[u]) + service[u];
      prev = loc[u];
    }
    if (q < s.seq.length) {
      return t + m.seconds(prev, loc[s.seq[q]]) <= s.latest[q] + RouteSimulator.EPS;
    }
    return t + seconds(prev, s.end) <= s.driver.shift().end() + RouteSimulator.EPS;
  }

  private double seconds(int from, int to) {
    return to < 0 ? 0 : m.seconds(from, to);
  }

  private void remember() {
    if (optimal.size() > MEMORY) optimal.clear();
    for (RouteState r : routes) optimal.add(hash(r));
  }

  private static long hash(RouteState r) {
    long h = r.driver.id().hashCode();
    for (int u : r.seq) h = h * 1_000_003L + u;
    return h;
  }

  /** Tries each move of {@code u} with {@code v}; whether one was taken. */
  private boolean tryMoves(int u, int v) {
    if (fixed[u]) return false;
    int ru = routeOf[u];
    int rv = routeOf[v];
    int i = posOf[u];
    int j = posOf[v];
    for (int len = 1; len <= MAX_SEGMENT; len++) {
      if (i + len > routes.get(ru).seq.length) break;
      if (ru == rv && j >= i && j < i + len) break;
      if (relocate(ru, i, len, rv, j)) return true; // after v
      if (relocate(ru, i, len, rv, j - 1)) return true; // before v
    }
    if (type[u] == StopType.PICKUP && relocatePair(u, v)) return true;
    if (fixed[v]) return false; // stops may still go right after a route's last locked one
    if (swap(ru, i, rv, j)) return true;
    if (ru != rv && tails(ru, i, rv, j)) return true;
    return ru == rv && symmetric && reverse(ru, Math.min(i, j), Math.max(i, j), i < j);
  }

  /**
   * Moves stops {@code i..i+len-1} of route {@code ru} to after position {@code j} of {@code rv}.
   */
  private boolean relocate(int ru, int i, int len, int rv, int j) {
    if (ru == rv && j >= i - 1 && j < i + len) return false;
    RouteState a = routes.get(ru);
    RouteState b = routes.get(rv);
    if (j < b.locked - 1) return false;
    int first = loc[a.seq[i]];
    int last = loc[a.seq[i + len - 1]];
    int before = at(a, i - 1);
    int after = at(a, i + len);
    int x = at(b, j);
    int y = at(b, j + 1);
    double delta =
        c(before, after) - c(before, first) - c(last, after) + c(x, first) + c(last, y) - c(x, y);
    if (delta > -EPS) return false;
    if (ru != rv && splitsPair(a.seq, i, i + len)) return false;
    if (ru != rv
        && !(onTime(a, i - 1, a.seq, 0, 0, a, i + len)
            && onTime(b, j, a.seq, i, i + len, b, j + 1))) return false;
    int[] segment = Arrays.copyOfRange(a.seq, i, i + len);
    int[] without = concat(Arrays.copyOfRange(a.seq, 0, i), tail(a.seq, i + len));
    if (ru == rv) {
      int at = j < i ? j + 1 : j + 1 - len;
      return apply(ru, insert(without, at, segment), -1, null);
    }
    return apply(ru, without, rv, insert(b.seq, j + 1, segment));
  }

  private boolean swap(int ru, int i, int rv, int j) {
    if (ru == rv && Math.abs(i - j) <= 1) return false;
    RouteState a = routes.get(ru);
    RouteState b = routes.get(rv);
    if (ru != rv && (mate[a.seq[i]] >= 0 || mate[b.seq[j]] >= 0)) return false;
    int lu = loc[a.seq[i]];
    int lv = loc[b.seq[j]];
    int pa = at(a, i - 1);
    int na = at(a, i + 1);
    int pb = at(b, j - 1);
    int nb = at(b, j + 1);
    double delta =
        c(pa, lv) + c(lv, na) + c(pb, lu) + c(lu, nb) - c(pa, lu) - c(lu, na) - c(pb, lv)
            - c(lv, nb);
    if (delta > -EPS) return false;
    if (ru != rv
        && !(onTime(a, i - 1, b.seq, j, j + 1, a, i + 1)
            && onTime(b, j - 1, a.seq, i, i + 1, b, j + 1))) return false;
    int[] newA = a.seq.clone();
    if (ru == rv) {
      newA[i] = b.seq[j];
      newA[j] = a.seq[i];
      return apply(ru, newA, -1, null);
    }
    int[] newB = b.seq.clone();
    newA[i] = b.seq[j];
    newB[j] = a.seq[i];
    return apply(ru, newA, rv, newB);
  }

  /** Whether stops {@code from..to-1} hold one stop of a pair without the other. */
  private boolean splitsPair(int[] seq, int from, int to) {
    for (int k = from; k < to; k++) {
      int w = mate[seq[k]];
      if (w >= 0 && (routeOf[w] != routeOf[seq[k]] || posOf[w] < from || posOf[w] >= to)) {
        return true;
      }
    }
    return false;
  }

  /** Most dropoff places tried for one pickup place (best first), each a full check. */
  private static final int DROPOFF_TRIES = 3;

  /**
   * Moves the pair whose pickup is {@code p} to {@code v}'s route: the pickup right after or right
   * before {@code v}, the dropoff at whichever later place adds least (up to {@link #DROPOFF_TRIES}
   * places tried).
   */
  private boolean relocatePair(int p, int v) {
    int d = mate[p];
    if (fixed[d] || fixed[v] && posOf[v] < routes.get(routeOf[v]).locked - 1) return false;
    if (v == d) return false;
    RouteState a = routes.get(routeOf[p]);
    RouteState b = routes.get(routeOf[v]);
    // The same pickup is tried with each of its neighbours in a row: its removal is kept.
    if (removedPickup != p || removedFrom != a.seq) {
      removedPickup = p;
      removedFrom = a.seq;
      removedSeq = remove(remove(a.seq, posOf[d]), posOf[p]);
      removalGain = cost(a, removedSeq) - cost(a, a.seq);
    }
    int[] without = removedSeq;
    int[] target = a == b ? without : b.seq;
    // Between routes the O(1) time check applies to the target as it is (within one route the
    // positions have moved): the pickup alone, and the dropoff alone, must each fit, since the
    // other stop of the pair only delays what follows.
    boolean quick = a != b;
    int vAt = indexOf(target, v);
    for (int after = vAt; after >= vAt - 1; after--) {
      if (after < b.locked - 1) break;
      int x = at(b, target, after);
      int y = at(b, target, after + 1);
      double addP = c(x, loc[p]) + c(loc[p], y) - c(x, y);
      if (removalGain + addP > -EPS) continue; // the dropoff adds at least 0 (triangle)
      if (quick && !onTime(b, after, new int[] {p, d}, 0, 1, b, after + 1)) continue;
      // The dropoff right after the pickup (q = after), or after any later stop q of the target:
      // the DROPOFF_TRIES places adding least, among those the guide and the time check allow.
      int[] best = new int[DROPOFF_TRIES];
      double[] bestAdd = new double[DROPOFF_TRIES];
      int found = 0;
      for (int q = after; q < target.length; q++) {
        int from = q == after ? loc[p] : loc[target[q]];
        int to = at(b, target, q + 1);
        double add = c(from, loc[d]) + c(loc[d], to) - c(from, to);
        if (removalGain + addP + add > -EPS) continue;
        if (found == DROPOFF_TRIES && add >= bestAdd[found - 1]) continue;
        if (quick
            && !(q == after
                ? onTime(b, after, new int[] {p, d}, 0, 2, b, after + 1)
                : onTime(b, q, new int[] {d}, 0, 1, b, q + 1))) continue;
        int k = Math.min(found, DROPOFF_TRIES - 1);
        while (k > 0 && bestAdd[k - 1] > add) {
          best[k] = best[k - 1];
          bestAdd[k] = bestAdd[k - 1];
          k--;
        }
        best[k] = q;
        bestAdd[k] = add;
        found = Math.min(found + 1, DROPOFF_TRIES);
      }
      for (int t = 0; t < found; t++) {
        int q = best[t];
        int[] withP = insert(target, after + 1, new int[] {p});
        int[] both = insert(withP, q + 2, new int[] {d});
        boolean taken =
            a == b
                ? apply(routeOf[p], both, -1, null)
                : apply(routeOf[p], without, routeOf[v], both);
        if (taken) return true;
      }
    }
    return false;
  }

  // The last pickup relocatePair removed, from which sequence, and what that left and saved.
  private int removedPickup = -1;
  private int[] removedFrom;
  private int[] removedSeq;
  private double removalGain;

  /** Like {@link #at(RouteState, int)}, for a sequence of that route's driver. */
  private int at(RouteState r, int[] seq, int p) {
    if (p < 0) return r.start;
    if (p >= seq.length) return r.end;
    return loc[seq[p]];
  }

  private static int indexOf(int[] seq, int u) {
    for (int k = 0; k < seq.length; k++) {
      if (seq[k] == u) return k;
    }
    return -1;
  }

  private static int[] remove(int[] a, int at) {
    int[] out = new int[a.length - 1];
    System.arraycopy(a, 0, out, 0, at);
    System.arraycopy(a, at + 1, out, at, a.length - at - 1);
    return out;
  }

  /**
   * 2-opt*: route {@code ru} keeps its stops up to {@code i} and goes on with {@code rv}'s from
   * {@code j}; {@code rv} goes on after {@code j - 1} with {@code ru}'s rest. Only between routes
   * ending at the same place, so that the tails' last legs stay as they were.
   */
  private boolean tails(int ru, int i, int rv, int j) {
    RouteState a = routes.get(ru);
    RouteState b = routes.get(rv);
    if (a.end != b.end) return false;
    int lu = loc[a.seq[i]];
    int lv = loc[b.seq[j]];
    int na = at(a, i + 1);
    int pb = at(b, j - 1);
    double delta = c(lu, lv) + c(pb, na) - c(lu, na) - c(pb, lv);
    if (delta > -EPS) return false;
    if (!(onTime(a, i, a.seq, 0, 0, b, j) && onTime(b, j - 1, a.seq, 0, 0, a, i + 1))) {
      return false;
    }
    int[] newA = concat(Arrays.copyOfRange(a.seq, 0, i + 1), tail(b.seq, j));
    int[] newB = concat(Arrays.copyOfRange(b.seq, 0, j), tail(a.seq, i + 1));
    return apply(ru, newA, rv, newB);
  }

  /**
   * 2-opt in route {@code r} between positions {@code lo < hi}: with {@code afterLo} the stops
   * after {@code lo} up to {@code hi} are reversed (a leg from lo's stop to hi's), else those from
   * {@code lo} up to before {@code hi} (a leg from lo's stop to hi's, from the other side).
   */
  private boolean reverse(int r, int lo, int hi, boolean afterLo) {
    int from = afterLo ? lo + 1 : lo;
    int to = afterLo ? hi : hi - 1;
    RouteState a = routes.get(r);
    if (to - from < 1 || from < a.locked) return false;
    int p = at(a, from - 1);
    int f = loc[a.seq[from]];
    int l = loc[a.seq[to]];
    int n = at(a, to + 1);
    double delta = c(p, l) + c(f, n) - c(p, f) - c(l, n);
    if (delta > -EPS) return false;
    int[] seq = a.seq.clone();
    for (int x = from, y = to; x < y; x++, y--) {
      int t = seq[x];
      seq[x] = seq[y];
      seq[y] = t;
    }
    return apply(r, seq, -1, null);
  }

  /**
   * Takes the new sequences when they pass the full check and really shorten the plan (the move's
   * delta is only a guide); returns whether it did.
   */
  private boolean apply(int ra, int[] newA, int rb, int[] newB) {
    RouteState a = routes.get(ra);
    RouteState b = rb < 0 ? null : routes.get(rb);
    if (!feasible(a, newA) || (b != null && !feasible(b, newB))) return false;
    double before = cost(a, a.seq) + (b == null ? 0 : cost(b, b.seq));
    double after = cost(a, newA) + (b == null ? 0 : cost(b, newB));
    if (after > before - EPS) return false;
    a.seq = newA;
    place(ra);
    if (b != null) {
      b.seq = newB;
      place(rb);
    }
    return true;
  }

  /** The same rules as {@link RouteSimulator} for a route without breaks or pairs. */
  private boolean feasible(RouteState r, int[] seq) {
    Driver d = r.driver;
    boolean[] skills = skillsOk.computeIfAbsent(d.id(), this::skillsFor);
    // As the simulator loads: service jobs' goods from the start, pairs' between their stops.
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
    int prev = r.start;
    for (int u : seq) {
      if (!skills[u]) return false;
      double start = serviceStart(u, t + m.seconds(prev, loc[u]));
      if (Double.isNaN(start)) return false;
      t = start + service[u];
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
    if (r.end >= 0) t += m.seconds(prev, r.end);
    return t <= d.shift().end() + RouteSimulator.EPS;
  }

  private boolean over(Driver d, long[] load) {
    for (int k = 0; k < dims; k++) {
      if (load[k] > d.capacity(k)) return true;
    }
    return false;
  }

  private boolean[] skillsFor(String driverId) {
    Driver d = drivers.get(driverId);
    boolean[] ok = new boolean[jobs.length];
    for (int u = 0; u < jobs.length; u++) {
      ok[u] = jobs[u].requiredSkills().isEmpty() || d.hasSkills(jobs[u].requiredSkills());
    }
    return ok;
  }

  /**
   * The route's term of the objective ({@link PlanCost#routeCost} without the vehicle cost, which a
   * move only ever saves): metres, or the duration from the departure that avoids waiting at the
   * first stop to the end, as {@link RouteSimulator} times it.
   */
  private double cost(RouteState r, int[] seq) {
    if (seq.length == 0) return 0;
    if (byDistance) {
      double sum = 0;
      int prev = r.start;
      for (int u : seq) {
        sum += m.metres(prev, loc[u]);
        prev = loc[u];
      }
      return sum + c(prev, r.end);
    }
    double departure = r.driver.shift().start();
    double t = departure;
    int prev = r.start;
    for (int k = 0; k < seq.length; k++) {
      int u = seq[k];
      double ready = t + m.seconds(prev, loc[u]);
      double start = serviceStart(u, ready);
      if (k == 0) departure += start - ready;
      t = start + service[u];
      prev = loc[u];
    }
    return t + seconds(prev, r.end) - departure;
  }

  /**
   * When service at {@code u} starts for a driver ready at {@code ready}, by the simulator's rule
   * (the first window still open); NaN if every window closed.
   */
  private double serviceStart(int u, double ready) {
    TimeWindow w = RouteSimulator.firstOpenWindow(stops[u], ready);
    return w == null ? Double.NaN : Math.max(ready, w.start());
  }

  /** The matrix point at position {@code p} of a route: its start before 0, its end after. */
  private int at(RouteState r, int p) {
    if (p < 0) return r.start;
    if (p >= r.seq.length) return r.end;
    return loc[r.seq[p]];
  }

  /**
   * What a leg adds to the objective, as the moves' guide: metres, or driving seconds (waiting is
   * left to {@link #cost}); 0 into the end of an open route.
   */
  private double c(int from, int to) {
    if (to < 0) return 0;
    return byDistance ? m.metres(from, to) : m.seconds(from, to);
  }

  private int[][] nearest(int n) {
    int k = Math.min(NEIGHBOURS, n - 1);
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

  private boolean isSymmetric(int n) {
    for (int u = 0; u < n; u++) {
      for (int v = u + 1; v < n; v++) {
        if (c(loc[u], loc[v]) != c(loc[v], loc[u])) return false;
      }
    }
    return true;
  }

  private static int[] tail(int[] a, int from) {
    return Arrays.copyOfRange(a, Math.min(from, a.length), a.length);
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int[] insert(int[] a, int at, int[] segment) {
    int[] out = new int[a.length + segment.length];
    System.arraycopy(a, 0, out, 0, at);
    System.arraycopy(segment, 0, out, at, segment.length);
    System.arraycopy(a, at, out, at + segment.length, a.length - at);
    return out;
  }
}
