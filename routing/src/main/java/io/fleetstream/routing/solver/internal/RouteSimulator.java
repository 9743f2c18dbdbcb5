package io.fleetstream.routing.solver.internal;

import io.fleetstream.routing.matrix.Metric;
import io.fleetstream.routing.matrix.TravelMatrix;
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
 * serves, and reports the first rule the sequence breaks. The solver uses it to turn jsprit routes
 * into our {@link Route}s, to repair warm starts and to diagnose unassigned jobs; the {@link
 * io.fleetstream.routing.check.FeasibilityChecker} deliberately has its own code.
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
      double arrival = t + travel;
      TimeWindow w = firstOpenWindow(s, arrival);
      double serviceStart;
      if (w == null) {
        if (failure == null) {
          failure = ReasonCode.TIME_WINDOW;
          detail = "arrives at " + arrival + " after the last window of " + j.id();
        }
        serviceStart = arrival;
      } else {
        serviceStart = Math.max(arrival, w.start());
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
    double end = t;
    if (driver.returnsToEnd()) {
      int e = matrix.indexOf(driver.end());
      if (!matrix.reachable(prev, e)) {
        if (failure == null) {
          failure = ReasonCode.UNREACHABLE;
          detail = "no road back to the end location";
        }
      } else {
        end = t + matrix.seconds(prev, e);
        distance += matrix.metres(prev, e);
      }
      Metric m = matrix.metric(prev, e);
      haversine |= m == Metric.HAVERSINE;
      euclidean |= m == Metric.EUCLIDEAN;
    }
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
    double departure = driver.shift().start();
    if (!stops.isEmpty() && failure == null) {
      RouteStop first = stops.get(0);
      double wait = first.serviceStart() - first.arrival();
      if (wait > 0) {
        departure += wait;
        stops.set(
            0,
            new RouteStop(
                first.jobId(),
                first.type(),
                first.location(),
                first.serviceStart(),
                first.serviceStart(),
                first.departure()));
      }
    }
    Route route =
        new Route(driver.id(), departure, stops, end, distance, end - departure, metric, "");
    return new Simulation(route, failure, detail);
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
