package io.fleetstream.routing.check;

import io.fleetstream.routing.check.Violation.Kind;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Break;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.Stop;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.routing.model.UnassignedJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies any plan against a problem and a travel matrix without the solver's code: every job
 * routed once or reported unassigned, pairs on one route in order, reported times reachable from
 * the previous departure and inside a window, shifts, capacities in every dimension along the
 * route, skills, max stops, locked stops first and in order, the reported distance, and the
 * drivers' breaks.
 *
 * <p>Breaks: {@link Route#breakStarts()}{@code .get(i)} is when the driver's {@code i}-th break
 * ({@link Driver#breaks()} order) starts. Each must start inside its window, after the route's
 * start, and overlap no service and no other break; the driver does not drive during a break, so
 * the time from a departure to the next arrival (or the route's end) less the breaks in it must
 * cover the travel. A break not listed must not be due: on a route with stops its window must open
 * after the route's end (the end location's arrival, or the last departure or break end of an open
 * route).
 *
 * <p>Reported times may be later than the earliest possible (a driver may wait), never earlier.
 */
public final class FeasibilityChecker {

  private static final double EPS = 1e-6;

  private final TravelMatrix matrix;

  public FeasibilityChecker(TravelMatrix matrix) {
    this.matrix = matrix;
  }

  public FeasibilityReport check(Problem problem, Plan plan) {
    List<Violation> out = new ArrayList<>();
    Map<String, Job> jobs = problem.jobsById();
    Map<String, Driver> drivers = problem.driversById();
    Map<StopRef, String> routedOn = new HashMap<>();
    Set<String> routeDrivers = new HashSet<>();
    double measured = 0;
    for (Route r : plan.routes()) {
      Driver d = drivers.get(r.driverId());
      if (d == null) {
        out.add(
            new Violation(
                Kind.UNKNOWN_DRIVER, r.driverId(), null, "route for a driver not in the problem"));
        continue;
      }
      if (!routeDrivers.add(d.id())) {
        out.add(
            new Violation(Kind.DUPLICATE_ROUTE, d.id(), null, "driver has more than one route"));
      }
      measured += checkRoute(problem, d, r, jobs, routedOn, out);
    }
    Set<String> unassigned = new HashSet<>();
    for (UnassignedJob u : plan.unassigned()) {
      if (!jobs.containsKey(u.jobId())) {
        out.add(
            new Violation(Kind.UNKNOWN_JOB, null, u.jobId(), "unassigned job not in the problem"));
      } else if (!unassigned.add(u.jobId())) {
        out.add(
            new Violation(Kind.DUPLICATE_STOP, null, u.jobId(), "job reported unassigned twice"));
      }
    }
    for (Job j : problem.jobs()) {
      boolean any = false;
      boolean all = true;
      String firstDriver = null;
      for (StopRef ref : j.stopRefs()) {
        String on = routedOn.get(ref);
        any |= on != null;
        all &= on != null;
        if (on != null && firstDriver == null) firstDriver = on;
        else if (on != null && !on.equals(firstDriver)) {
          out.add(
              new Violation(Kind.PAIR_SPLIT, on, j.id(), "pickup and dropoff on different routes"));
        }
      }
      if (any && !all)
        out.add(
            new Violation(
                Kind.PAIR_SPLIT, firstDriver, j.id(), "only one stop of the pair is routed"));
      if (any && unassigned.contains(j.id())) {
        out.add(
            new Violation(
                Kind.ASSIGNED_AND_UNASSIGNED,
                firstDriver,
                j.id(),
                "job both routed and unassigned"));
      }
      if (!any && !unassigned.contains(j.id())) {
        out.add(
            new Violation(
                Kind.JOB_MISSING, null, j.id(), "job neither routed nor reported unassigned"));
      }
    }
    checkLocks(problem, plan, out);
    return new FeasibilityReport(out, measured);
  }

  /** Checks one route and returns the distance the checker measured along it. */
  private double checkRoute(
      Problem problem,
      Driver d,
      Route r,
      Map<String, Job> jobs,
      Map<StopRef, String> routedOn,
      List<Violation> out) {
    String id = d.id();
    if (r.stops().size() > d.maxStops()) {
      out.add(
          new Violation(
              Kind.MAX_STOPS, id, null, r.stops().size() + " stops, max " + d.maxStops()));
    }
    if (r.start() < d.shift().start() - EPS) {
      out.add(
          new Violation(
              Kind.SHIFT,
              id,
              null,
              "leaves at " + r.start() + " before shift start " + d.shift().start()));
    }
    int dims = d.capacity().size();
    for (RouteStop s : r.stops()) {
      Job j = jobs.get(s.jobId());
      if (j != null) dims = Math.max(dims, j.demand().size());
    }
    long[] load = new long[dims];
    for (RouteStop s : r.stops()) {
      Job j = jobs.get(s.jobId());
      if (j != null && !j.isPair() && s.type() == StopType.SERVICE) {
        for (int k = 0; k < dims; k++) load[k] += j.demand(k);
      }
    }
    checkLoad(d, load, null, out);
    List<double[]> breaks = takenBreaks(d, r, out);
    int prev = index(d.start());
    double prevDeparture = r.start();
    double distance = 0;
    Set<String> pickedUp = new HashSet<>();
    for (RouteStop s : r.stops()) {
      Job j = jobs.get(s.jobId());
      if (j == null) {
        out.add(
            new Violation(Kind.UNKNOWN_JOB, id, s.jobId(), "stop for a job not in the problem"));
        continue;
      }
      boolean typeOk = j.isPair() ? s.type() != StopType.SERVICE : s.type() == StopType.SERVICE;
      if (!typeOk) {
        out.add(
            new Violation(
                Kind.WRONG_STOP_TYPE,
                id,
                j.id(),
                s.type() + " stop for " + (j.isPair() ? "a pair" : "a single-stop job")));
        continue;
      }
      if (routedOn.putIfAbsent(s.ref(), id) != null) {
        out.add(
            new Violation(Kind.DUPLICATE_STOP, id, j.id(), s.type() + " visited more than once"));
      }
      if (s.type() == StopType.PICKUP) pickedUp.add(j.id());
      if (s.type() == StopType.DROPOFF && !pickedUp.contains(j.id())) {
        out.add(new Violation(Kind.PAIR_ORDER, id, j.id(), "dropoff before pickup"));
      }
      Stop stop = s.type() == StopType.PICKUP ? j.pickup() : j.stop();
      if (!stop.location().equals(s.location())) {
        out.add(
            new Violation(
                Kind.WRONG_LOCATION,
                id,
                j.id(),
                "stop at " + s.location() + ", job at " + stop.location()));
      }
      if (!j.requiredSkills().isEmpty() && !d.hasSkills(j.requiredSkills())) {
        out.add(
            new Violation(
                Kind.SKILL,
                id,
                j.id(),
                "requires " + j.requiredSkills() + ", driver has " + d.skills()));
      }
      int at = index(stop.location());
      if (!matrix.reachable(prev, at)) {
        out.add(new Violation(Kind.UNREACHABLE, id, j.id(), "no road from the previous stop"));
      } else {
        distance += matrix.metres(prev, at);
        double onBreak = breakTime(breaks, prevDeparture, s.arrival());
        double earliest = prevDeparture + matrix.seconds(prev, at) + onBreak;
        if (s.arrival() < earliest - tol(earliest)) {
          out.add(
              new Violation(
                  Kind.SCHEDULE,
                  id,
                  j.id(),
                  "arrives at " + s.arrival() + ", earliest possible " + earliest));
        }
      }
      if (s.serviceStart() < s.arrival() - EPS) {
        out.add(new Violation(Kind.SCHEDULE, id, j.id(), "service starts before arrival"));
      }
      if (!inSomeWindow(stop, s.serviceStart())) {
        out.add(
            new Violation(
                Kind.TIME_WINDOW,
                id,
                j.id(),
                "service starts at " + s.serviceStart() + " outside " + stop.effectiveWindows()));
      }
      if (s.departure() < s.serviceStart() + stop.serviceSeconds() - tol(s.departure())) {
        out.add(new Violation(Kind.SCHEDULE, id, j.id(), "leaves before service is done"));
      }
      double serviceEnd = s.serviceStart() + stop.serviceSeconds();
      for (double[] b : breaks) {
        if (b[0] < serviceEnd - tol(serviceEnd) && b[1] > s.serviceStart() + tol(b[1])) {
          out.add(
              new Violation(
                  Kind.BREAK_OVERLAP,
                  id,
                  j.id(),
                  "break ["
                      + b[0]
                      + ", "
                      + b[1]
                      + "] overlaps service ["
                      + s.serviceStart()
                      + ", "
                      + serviceEnd
                      + "]"));
        }
      }
      int sign = s.type() == StopType.PICKUP ? 1 : -1;
      for (int k = 0; k < dims; k++) load[k] += sign * j.demand(k);
      checkLoad(d, load, j.id(), out);
      prev = at;
      prevDeparture = s.departure();
    }
    double finish = prevDeparture;
    if (d.end() != null) {
      int e = index(d.end());
      if (!matrix.reachable(prev, e)) {
        out.add(new Violation(Kind.UNREACHABLE, id, null, "no road back to the end location"));
      } else {
        distance += matrix.metres(prev, e);
        finish =
            prevDeparture + matrix.seconds(prev, e) + breakTime(breaks, prevDeparture, r.end());
        if (r.end() < finish - tol(finish)) {
          out.add(
              new Violation(
                  Kind.SCHEDULE,
                  id,
                  null,
                  "reported end " + r.end() + " before earliest " + finish));
        }
        finish = Math.max(finish, r.end());
      }
    }
    for (double[] b : breaks) {
      if (b[0] >= prevDeparture - tol(prevDeparture)) finish = Math.max(finish, b[1]);
    }
    checkDueBreaks(d, r, finish, out);
    if (finish > d.shift().end() + tol(finish)) {
      out.add(
          new Violation(
              Kind.SHIFT,
              id,
              null,
              "finishes at " + finish + " after shift end " + d.shift().end()));
    }
    if (Math.abs(distance - r.distance()) > 1e-6 * Math.max(1, distance)) {
      out.add(
          new Violation(
              Kind.DISTANCE,
              id,
              null,
              "reported distance " + r.distance() + ", actual " + distance));
    }
    return distance;
  }

  /**
   * The breaks the route takes as {start, end}, sorted; reports starts outside their windows or
   * before the route's start, unknown breaks and overlapping breaks.
   */
  private static List<double[]> takenBreaks(Driver d, Route r, List<Violation> out) {
    List<double[]> taken = new ArrayList<>();
    List<Double> starts = r.breakStarts();
    if (starts.size() > d.breaks().size()) {
      out.add(
          new Violation(
              Kind.BREAK_OVERLAP,
              d.id(),
              null,
              starts.size() + " breaks taken, the driver has " + d.breaks().size()));
    }
    for (int i = 0; i < Math.min(starts.size(), d.breaks().size()); i++) {
      Break b = d.breaks().get(i);
      double s = starts.get(i);
      if (s < b.window().start() - EPS || s > b.window().end() + tol(b.window().end())) {
        out.add(
            new Violation(
                Kind.BREAK_MISSED,
                d.id(),
                null,
                "break " + i + " starts at " + s + " outside its window " + b.window()));
      }
      if (s < r.start() - tol(r.start())) {
        out.add(
            new Violation(
                Kind.BREAK_OVERLAP,
                d.id(),
                null,
                "break " + i + " starts at " + s + " before the route starts at " + r.start()));
      }
      taken.add(new double[] {s, s + b.durationSeconds()});
    }
    taken.sort((x, y) -> Double.compare(x[0], y[0]));
    for (int i = 1; i < taken.size(); i++) {
      if (taken.get(i)[0] < taken.get(i - 1)[1] - tol(taken.get(i)[0])) {
        out.add(
            new Violation(
                Kind.BREAK_OVERLAP,
                d.id(),
                null,
                "breaks at " + taken.get(i - 1)[0] + " and " + taken.get(i)[0] + " overlap"));
      }
    }
    return taken;
  }

  /** Breaks not taken must open after the route's end (a route with stops). */
  private static void checkDueBreaks(Driver d, Route r, double finish, List<Violation> out) {
    if (r.stops().isEmpty()) return;
    for (int i = r.breakStarts().size(); i < d.breaks().size(); i++) {
      Break b = d.breaks().get(i);
      if (b.window().start() <= finish + tol(finish)) {
        out.add(
            new Violation(
                Kind.BREAK_MISSED,
                d.id(),
                null,
                "break "
                    + i
                    + " in "
                    + b.window()
                    + " is not taken, the route lasts until "
                    + finish));
      }
    }
  }

  /** Seconds of breaks inside {@code [from, to]}. */
  private static double breakTime(List<double[]> breaks, double from, double to) {
    double sum = 0;
    for (double[] b : breaks) sum += Math.max(0, Math.min(to, b[1]) - Math.max(from, b[0]));
    return sum;
  }

  private static void checkLoad(Driver d, long[] load, String jobId, List<Violation> out) {
    for (int k = 0; k < load.length; k++) {
      if (load[k] > d.capacity(k)) {
        out.add(
            new Violation(
                Kind.CAPACITY,
                d.id(),
                jobId,
                "load "
                    + load[k]
                    + " > capacity "
                    + d.capacity(k)
                    + " in dimension "
                    + k
                    + (jobId == null ? " at start" : " after this stop")));
        return;
      }
    }
  }

  private static void checkLocks(Problem problem, Plan plan, List<Violation> out) {
    for (Map.Entry<String, List<StopRef>> e : problem.locks().entrySet()) {
      List<StopRef> want = e.getValue();
      if (want.isEmpty()) continue;
      List<StopRef> have = plan.routeOf(e.getKey()).map(Route::refs).orElse(List.of());
      if (have.size() < want.size() || !have.subList(0, want.size()).equals(want)) {
        out.add(
            new Violation(
                Kind.LOCK,
                e.getKey(),
                null,
                "route must start with locked " + want + " but is " + have));
      }
    }
  }

  private static boolean inSomeWindow(Stop stop, double t) {
    for (TimeWindow w : stop.effectiveWindows()) {
      if (t >= w.start() - EPS && t <= w.end() + tol(w.end())) return true;
    }
    return false;
  }

  private static double tol(double magnitude) {
    return EPS + 1e-9 * Math.abs(magnitude);
  }

  private int index(Location l) {
    int i = matrix.indexOf(l);
    if (i < 0) throw new IllegalArgumentException("location " + l + " is not in the matrix");
    return i;
  }
}
