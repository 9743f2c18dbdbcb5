package io.fleetstream.routing.solver.internal;

import static io.fleetstream.routing.solver.internal.IntSeqs.concat;
import static io.fleetstream.routing.solver.internal.IntSeqs.indexOf;
import static io.fleetstream.routing.solver.internal.IntSeqs.insert;
import static io.fleetstream.routing.solver.internal.IntSeqs.remove;
import static io.fleetstream.routing.solver.internal.IntSeqs.tail;

import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.solver.SolverConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
 * skills (the same rules as {@link RouteSimulator}, kept with the stops in {@link SearchStops}) and
 * their objective term, waiting included, is really lower. It runs only where that term is the
 * whole objective: {@code min_distance} and {@code min_duration} (with or without a vehicle cost),
 * no breaks, stop limits or unreachable legs ({@link #forProblem} returns null otherwise).
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

  private final SearchStops stops;
  // The stops' arrays, read in every move.
  private final int[] loc;
  private final boolean[] fixed;
  private final int[] mate;
  private final double[] early;
  private final double[] late;
  private final double[] service;
  private final TravelMatrix m;
  private final int[][] neighbours;
  private final boolean symmetric;
  private final Map<String, Driver> drivers;
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
    stops = new SearchStops(problem, searchable, m, objective);
    loc = stops.loc;
    fixed = stops.fixed;
    mate = stops.mate;
    early = stops.early;
    late = stops.late;
    service = stops.service;
    drivers = problem.driversById();
    int n = stops.size();
    routeOf = new int[n];
    posOf = new int[n];
    prevOf = new int[n];
    nextOf = new int[n];
    Arrays.fill(prevOf, -2);
    Arrays.fill(nextOf, -2);
    neighbours = stops.nearest(NEIGHBOURS);
    symmetric = stops.symmetric();
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

  /** The stops, shared with {@link StringSearch}. */
  SearchStops stops() {
    return stops;
  }

  /** Each stop's nearest others, nearest first, shared with {@link StringSearch}. */
  int[][] neighbours() {
    return neighbours;
  }

  /**
   * A shorter plan reached by improving moves from {@code plan} (driver id to its stops), or null
   * when no move improves it, a route holds a job this search does not know, or the clock passed
   * {@code deadlineNanos} before any move. Routes that end up empty are left out.
   */
  Map<String, List<StopRef>> improve(Map<String, List<StopRef>> plan, long deadlineNanos) {
    if (!load(plan)) return null;
    boolean[] active = new boolean[stops.size()];
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
      for (int u : r.seq) refs.add(stops.refs[u]);
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
        Integer u = stops.node(e.getValue().get(i));
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
    if (stops.oneWindow) schedule(route);
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
    double next = r.driver.shift().end() - stops.seconds(prev, r.end);
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
   * without one window per stop; for a tail of another route only when both shifts end together.
   */
  private boolean onTime(RouteState r, int p, int[] mid, int from, int to, RouteState s, int q) {
    if (!stops.oneWindow) return true;
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
    return t + stops.seconds(prev, s.end) <= s.driver.shift().end() + RouteSimulator.EPS;
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
    if (stops.type[u] == StopType.PICKUP && relocatePair(u, v)) return true;
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
    int[] pair = {p, d}; // the time checks take the pickup, the pair, or the dropoff alone from it
    int vAt = indexOf(target, v);
    for (int after = vAt; after >= vAt - 1; after--) {
      if (after < b.locked - 1) break;
      int x = at(b, target, after);
      int y = at(b, target, after + 1);
      double addP = c(x, loc[p]) + c(loc[p], y) - c(x, y);
      if (removalGain + addP > -EPS) continue; // the dropoff adds at least 0 (triangle)
      if (quick && !onTime(b, after, pair, 0, 1, b, after + 1)) continue;
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
                ? onTime(b, after, pair, 0, 2, b, after + 1)
                : onTime(b, q, pair, 1, 2, b, q + 1))) continue;
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

  private boolean feasible(RouteState r, int[] seq) {
    return stops.feasible(r.driver, r.start, r.end, seq);
  }

  private double cost(RouteState r, int[] seq) {
    return stops.cost(r.driver, r.start, r.end, seq);
  }

  /** The matrix point at position {@code p} of a route: its start before 0, its end after. */
  private int at(RouteState r, int p) {
    return at(r, r.seq, p);
  }

  private double c(int from, int to) {
    return stops.c(from, to);
  }
}
