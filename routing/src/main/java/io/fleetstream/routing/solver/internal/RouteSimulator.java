package io.fleetstream.routing.solver.internal;

import io.fleetstream.routing.matrix.Metric;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Break;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.ReasonCode;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.Stop;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.model.TimeWindow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Schedules a stop sequence for a driver on a matrix: departs at shift start, waits for windows,
 * takes the driver's breaks, serves, and reports the first rule the sequence breaks. The solver
 * uses it to turn jsprit routes into our {@link Route}s, to repair warm starts and to diagnose
 * unassigned jobs; the {@link io.fleetstream.routing.check.FeasibilityChecker} deliberately has its
 * own code.
 *
 * <h2>Breaks</h2>
 *
 * A break is taken in a gap between two services: after departing from the start or a stop at time
 * t and before the next service starts (or, after the last stop, before the route ends). In a gap
 * the driver drives as early as possible and stops driving while on a break; a break that starts
 * after the driver has arrived is taken while waiting there, and service starts only after it.
 * Breaks are taken in the order of their window starts ({@link Driver#breaks()}), each at the
 * earliest moment of its gap: {@code max(t or the end of the previous break, window start)}. The
 * rule, for the pending break in a gap before a stop:
 *
 * <ul>
 *   <li>take it if that does not delay the next service (it fits into waiting), or
 *   <li>take it if putting it off would miss its window: leaving the next stop (without the break)
 *       would be after the window's end;
 *   <li>otherwise put it off to a later gap.
 * </ul>
 *
 * After the last stop a pending break is due when its window starts no later than the route's end
 * (arrival at the end location, or the last departure on an open route, counting earlier breaks);
 * it is then taken at once, else never. A route without stops takes no break. A break whose start
 * would be after its window's end makes the route infeasible with {@link ReasonCode#BREAK}; so does
 * any other failure (a missed time window, a shift overrun) that the same route would not have
 * without the driver's breaks. The rule is greedy: a sequence it rejects might still fit with
 * another placement of the breaks (one taken earlier into a wait further on); it never accepts a
 * sequence whose breaks do not fit.
 */
public final class RouteSimulator {

  /** Times within this tolerance count as on time (floating-point sums of travel times). */
  public static final double EPS = 1e-6;

  private final Map<String, Job> jobs;
  private final TravelMatrix matrix;

  public RouteSimulator(Map<String, Job> jobs, TravelMatrix matrix) {
    this.jobs = jobs;
    this.matrix = matrix;
  }

  /** The outcome: the scheduled route and, when infeasible, the first broken rule. */
  public record Simulation(Route route, ReasonCode failure, String detail) {
    public boolean feasible() {
      return failure == null;
    }
  }

  public Simulation run(Driver driver, List<StopRef> refs) {
    boolean breaks = !driver.breaks().isEmpty() && !refs.isEmpty();
    Simulation sim = simulate(driver, refs, breaks);
    if (!breaks || sim.feasible()) return sim;
    // Name the breaks when they alone make the route fail; else the rule it breaks anyway.
    Simulation without = simulate(driver, refs, false);
    if (without.feasible()) {
      String why =
          sim.failure() == ReasonCode.BREAK
              ? sim.detail()
              : "with its breaks: " + sim.failure() + ", " + sim.detail();
      return new Simulation(sim.route(), ReasonCode.BREAK, why);
    }
    return new Simulation(sim.route(), without.failure(), without.detail());
  }

  private Simulation simulate(Driver driver, List<StopRef> refs, boolean withBreaks) {
    List<Break> breaks = withBreaks ? driver.breaks() : List.of();
    int nextBreak = 0;
    List<Double> breakStarts = new ArrayList<>();
    int firstGapBreaks = 0;
    List<RouteStop> stops = new ArrayList<>(refs.size());
    ReasonCode failure = null;
    String detail = null;
    if (refs.size() > driver.maxStops()) {
      failure = ReasonCode.MAX_STOPS;
      detail = refs.size() + " stops > max " + driver.maxStops();
    }
    int dims = dimensions(driver, refs);
    int[] load = new int[dims];
    for (StopRef r : refs) {
      Job j = job(r);
      if (r.type() == StopType.SERVICE) {
        for (int d = 0; d < dims; d++) load[d] += j.demand(d);
      }
    }
    if (failure == null && overCapacity(driver, load)) {
      failure = ReasonCode.CAPACITY;
      detail = "load at start exceeds capacity";
    }
    int prev = matrix.indexOf(driver.start());
    double t = driver.shift().start();
    double distance = 0;
    boolean haversine = false;
    boolean euclidean = false;
    Set<String> pickedUp = new HashSet<>();
    for (StopRef r : refs) {
      Job j = job(r);
      Stop s = j.stopOf(r.type());
      int at = matrix.indexOf(s.location());
      if (failure == null
          && !j.requiredSkills().isEmpty()
          && !driver.hasSkills(j.requiredSkills())) {
        failure = ReasonCode.SKILL;
        detail = "driver lacks " + j.sortedSkills();
      }
      if (failure == null && r.type() == StopType.DROPOFF && !pickedUp.contains(j.id())) {
        throw new IllegalStateException("dropoff of " + j.id() + " before its pickup");
      }
      if (r.type() == StopType.PICKUP) pickedUp.add(j.id());
      double travel = matrix.seconds(prev, at);
      if (!matrix.reachable(prev, at)) {
        if (failure == null) {
          failure = ReasonCode.UNREACHABLE;
          detail = "no road to " + j.id();
        }
        travel = 0;
      } else {
        distance += matrix.metres(prev, at);
      }
      Metric m = matrix.metric(prev, at);
      haversine |= m == Metric.HAVERSINE;
      euclidean |= m == Metric.EUCLIDEAN;
      // Breaks in the gap before this stop (see the class comment for the rule).
      List<double[]> gap = new ArrayList<>();
      double freeAt = t;
      while (nextBreak < breaks.size()) {
        Break b = breaks.get(nextBreak);
        double start = Math.max(freeAt, b.window().start());
        if (start > b.window().end() + EPS) {
          if (failure == null) {
            failure = ReasonCode.BREAK;
            detail =
                "break " + nextBreak + " cannot start inside " + window(b) + " before " + j.id();
          }
          nextBreak = breaks.size();
          break;
        }
        double without = serviceStart(s, t, travel, gap);
        gap.add(new double[] {start, b.durationSeconds()});
        double with = serviceStart(s, t, travel, gap);
        boolean fitsWaiting =
            !Double.isNaN(with) && !Double.isNaN(without) && with <= without + EPS;
        boolean mustNow =
            Double.isNaN(without) || without + s.serviceSeconds() > b.window().end() + EPS;
        if (!fitsWaiting && !mustNow) {
          gap.remove(gap.size() - 1);
          break;
        }
        breakStarts.add(start);
        freeAt = start + b.durationSeconds();
        nextBreak++;
      }
      if (stops.isEmpty()) firstGapBreaks = gap.size();
      double arrival = arrive(t, travel, gap);
      double ready = Math.max(arrival, freeAt);
      TimeWindow w = firstOpenWindow(s, ready);
      double serviceStart;
      if (w == null) {
        if (failure == null) {
          failure = ReasonCode.TIME_WINDOW;
          detail = "arrives at " + ready + " after the last window of " + j.id();
        }
        serviceStart = ready;
      } else {
        serviceStart = Math.max(ready, w.start());
      }
      double departure = serviceStart + s.serviceSeconds();
      stops.add(new RouteStop(j.id(), r.type(), s.location(), arrival, serviceStart, departure));
      if (r.type() != StopType.SERVICE) {
        int sign = r.type() == StopType.PICKUP ? 1 : -1;
        for (int d = 0; d < dims; d++) load[d] += sign * j.demand(d);
      } else {
        for (int d = 0; d < dims; d++) load[d] -= j.demand(d);
      }
      if (failure == null && overCapacity(driver, load)) {
        failure = ReasonCode.CAPACITY;
        detail = "load after " + j.id() + " exceeds capacity";
      }
      t = departure;
      prev = at;
    }
    double toEnd = 0;
    if (driver.returnsToEnd()) {
      int e = matrix.indexOf(driver.end());
      if (!matrix.reachable(prev, e)) {
        if (failure == null) {
          failure = ReasonCode.UNREACHABLE;
          detail = "no road back to the end location";
        }
      } else {
        toEnd = matrix.seconds(prev, e);
        distance += matrix.metres(prev, e);
      }
      Metric m = matrix.metric(prev, e);
      haversine |= m == Metric.HAVERSINE;
      euclidean |= m == Metric.EUCLIDEAN;
    }
    // Breaks after the last stop: due when they open before the route ends, then taken at once.
    List<double[]> lastGap = new ArrayList<>();
    double freeAt = t;
    while (nextBreak < breaks.size()) {
      Break b = breaks.get(nextBreak);
      double endSoFar = Math.max(arrive(t, toEnd, lastGap), freeAt);
      if (b.window().start() > endSoFar + EPS) break;
      double start = Math.max(freeAt, b.window().start());
      if (start > b.window().end() + EPS) {
        if (failure == null) {
          failure = ReasonCode.BREAK;
          detail =
              "break " + nextBreak + " cannot start inside " + window(b) + " after the last stop";
        }
        break;
      }
      lastGap.add(new double[] {start, b.durationSeconds()});
      breakStarts.add(start);
      freeAt = start + b.durationSeconds();
      nextBreak++;
    }
    double end = Math.max(arrive(t, toEnd, lastGap), freeAt);
    if (failure == null && end > driver.shift().end() + EPS) {
      failure = ReasonCode.SHIFT;
      detail = "route ends at " + end + " after shift end " + driver.shift().end();
    }
    String metric =
        euclidean
            ? Metric.EUCLIDEAN.wireName()
            : haversine ? Metric.HAVERSINE.wireName() : Metric.ROAD.wireName();
    // A driver whose first stop opens later leaves later instead of waiting there: the route
    // starts (and its duration counts) from the latest departure that keeps the schedule.
    // Breaks before the first stop move with the departure, as far as their windows allow.
    double departure = driver.shift().start();
    if (!stops.isEmpty() && failure == null) {
      RouteStop first = stops.get(0);
      double ready = first.arrival();
      if (firstGapBreaks > 0) {
        double lastStart = breakStarts.get(firstGapBreaks - 1);
        ready = Math.max(ready, lastStart + breaks.get(firstGapBreaks - 1).durationSeconds());
      }
      double shift = first.serviceStart() - ready;
      for (int i = 0; i < firstGapBreaks; i++) {
        shift = Math.min(shift, breaks.get(i).window().end() - breakStarts.get(i));
      }
      if (shift > 0) {
        departure += shift;
        for (int i = 0; i < firstGapBreaks; i++) breakStarts.set(i, breakStarts.get(i) + shift);
        stops.set(
            0,
            new RouteStop(
                first.jobId(),
                first.type(),
                first.location(),
                Math.min(first.arrival() + shift, first.serviceStart()),
                first.serviceStart(),
                first.departure()));
      }
    }
    Route route =
        new Route(
            driver.id(), departure, stops, end, distance, end - departure, metric, "", breakStarts);
    return new Simulation(route, failure, detail);
  }

  /**
   * When the driver gets to the end of {@code drive} seconds of driving from {@code t}, driving
   * whenever not on one of the gap's breaks ({start, duration}, in order, none before {@code t}).
   */
  static double arrive(double t, double drive, List<double[]> gap) {
    double clock = t;
    double left = drive;
    for (double[] b : gap) {
      double d = Math.min(left, Math.max(0, b[0] - clock));
      left -= d;
      clock += d;
      if (left <= 0) return clock;
      clock = Math.max(clock, b[0] + b[1]);
    }
    return clock + left;
  }

  /** When service at {@code s} can start after the gap, or NaN when every window has closed. */
  private static double serviceStart(Stop s, double t, double travel, List<double[]> gap) {
    double ready = arrive(t, travel, gap);
    for (double[] b : gap) ready = Math.max(ready, b[0] + b[1]);
    TimeWindow w = firstOpenWindow(s, ready);
    return w == null ? Double.NaN : Math.max(ready, w.start());
  }

  private static String window(Break b) {
    return "[" + b.window().start() + ", " + b.window().end() + "]";
  }

  /** The first window whose end is not yet past at {@code arrival}, or null. */
  public static TimeWindow firstOpenWindow(Stop stop, double arrival) {
    for (TimeWindow w : stop.effectiveWindows()) {
      if (arrival <= w.end() + EPS) return w;
    }
    return null;
  }

  /** A job by id (for callers that hold only route stops). */
  public Job job(String id) {
    Job j = jobs.get(id);
    if (j == null) throw new IllegalArgumentException("unknown job " + id);
    return j;
  }

  private Job job(StopRef r) {
    Job j = jobs.get(r.jobId());
    if (j == null) throw new IllegalArgumentException("unknown job " + r.jobId());
    return j;
  }

  private int dimensions(Driver driver, List<StopRef> refs) {
    int dims = driver.capacity().size();
    for (StopRef r : refs) dims = Math.max(dims, job(r).demand().size());
    return dims;
  }

  private static boolean overCapacity(Driver d, int[] load) {
    for (int i = 0; i < load.length; i++) {
      if (load[i] > d.capacity(i)) return true;
    }
    return false;
  }
}
