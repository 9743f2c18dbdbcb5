package io.fleetstream.routing.solver.internal;

import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.solver.SolverConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The objective, computed on our own model so the search (through {@link JspritObjective}), the
 * warm-start comparison and the reported cost all use one formula: vehicle cost per used route +
 * distance, or route duration (driving, waiting and service, from departure to return) + for {@code
 * balanced} the sum of absolute deviations of route durations (idle drivers at zero) from their
 * mean + for {@code min_max} W × the longest route's duration, W = {@value
 * #MAKESPAN_WEIGHT_PER_DRIVER} × the number of drivers + for each unassigned job a penalty that
 * grows as its priority number falls (priority 1 weighs 10 units, 10 weighs 1).
 *
 * <p>Why W = 100 × drivers for {@code min_max}: a plan's total duration is at most the number of
 * drivers n times its longest route M. A plan B with M_B = (1 − r) M_A then costs at most (n + W)(1
 * − r) M_A and plan A at least (1 + W) M_A, so B wins whenever r &gt; (n − 1) / (n + W), which is
 * below 1 % for W = 100 n: shortening the longest route by more than 1 % always pays, whatever it
 * does to the total; closer than that, the total breaks the tie. A W large enough for a strict
 * lexicographic order would have to be about n × horizon / (one second), and would leave the
 * search's acceptance threshold (a share of the cost) blind to the total for most of the run.
 */
public final class PlanCost {

  /** Weight of the balance term against total duration. */
  public static final double BALANCE_WEIGHT = 1.0;

  /** W / number of drivers for {@code min_max} (see the class comment). */
  public static final double MAKESPAN_WEIGHT_PER_DRIVER = 100.0;

  private final Objective objective;
  private final double vehicleCost;
  private final Map<String, Job> jobs;
  private final double unassignedUnit;
  private final int drivers;

  /**
   * @param drivers size of the fleet: idle drivers count as routes of zero duration in the balance
   *     term; sets the makespan weight of {@code min_max}
   */
  public PlanCost(SolverConfig config, Map<String, Job> jobs, double unassignedUnit, int drivers) {
    this.objective = config.objective();
    this.vehicleCost = config.vehicleCost();
    this.jobs = jobs;
    this.unassignedUnit = unassignedUnit;
    this.drivers = drivers;
  }

  /** W of {@code min_max} for a fleet of {@code drivers}. */
  public static double makespanWeight(int drivers) {
    return MAKESPAN_WEIGHT_PER_DRIVER * Math.max(1, drivers);
  }

  public double makespanWeight() {
    return makespanWeight(drivers);
  }

  /**
   * A penalty per unassigned job (per priority unit) that outweighs anything serving one job can
   * cost: opening a vehicle, the longest round trip in the matrix, waiting through the whole
   * planning horizon, and (for duration objectives) its service time. For {@code min_max} that part
   * can also lengthen the longest route by as much, so it is counted 1 + W times.
   */
  public static double unassignedUnit(Problem problem, TravelMatrix m, SolverConfig config) {
    double maxCell = 0;
    int n = m.size();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (m.reachable(i, j)) maxCell = Math.max(maxCell, legCost(config.objective(), m, i, j));
      }
    }
    double lo = Double.MAX_VALUE;
    double hi = 0;
    double maxService = 0;
    for (Driver d : problem.drivers()) {
      lo = Math.min(lo, d.shift().start());
      if (d.shift().end() < 1e12) hi = Math.max(hi, d.shift().end());
    }
    for (Job j : problem.jobs()) {
      for (var s : j.isPair() ? List.of(j.pickup(), j.stop()) : List.of(j.stop())) {
        for (var w : s.timeWindows()) {
          if (w.end() < 1e12) hi = Math.max(hi, w.end());
        }
        maxService = Math.max(maxService, s.serviceSeconds());
      }
    }
    double horizon =
        objective(config) == Objective.MIN_DISTANCE || hi <= lo
            ? 0
            : Math.min(1e7, hi - Math.min(lo, hi));
    double service = objective(config) == Objective.MIN_DISTANCE ? 0 : 2 * maxService;
    double routing = 4 * maxCell + horizon + service;
    if (objective(config) == Objective.MIN_MAX) {
      routing *= 1 + makespanWeight(problem.drivers().size());
    }
    return config.vehicleCost() + routing + 1;
  }

  private static Objective objective(SolverConfig c) {
    return c.objective();
  }

  static double legCost(Objective o, TravelMatrix m, int i, int j) {
    return o == Objective.MIN_DISTANCE ? m.metres(i, j) : m.seconds(i, j);
  }

  public double unassignedUnit() {
    return unassignedUnit;
  }

  /** Cost of one route without the terms that depend on all routes (balance, makespan). */
  public double routeCost(Route r) {
    if (r.stops().isEmpty()) return 0;
    return vehicleCost + (objective == Objective.MIN_DISTANCE ? r.distance() : r.duration());
  }

  public double penalty(String jobId) {
    return unassignedUnit * (11 - jobs.get(jobId).priority());
  }

  public double of(List<Route> routes, Collection<String> unassignedJobIds) {
    double cost = 0;
    double sumDur = 0;
    int used = 0;
    double longest = 0;
    for (Route r : routes) {
      cost += routeCost(r);
      if (!r.stops().isEmpty()) {
        sumDur += r.duration();
        longest = Math.max(longest, r.duration());
        used++;
      }
    }
    if (objective == Objective.MIN_MAX) cost += makespanWeight() * longest;
    if (objective == Objective.BALANCED && drivers > 1) {
      // Idle drivers are part of the balance: one long route and an idle driver is uneven.
      int n = Math.max(drivers, used);
      double mean = sumDur / n;
      double dev = (n - used) * mean;
      for (Route r : routes) {
        if (!r.stops().isEmpty()) dev += Math.abs(r.duration() - mean);
      }
      cost += BALANCE_WEIGHT * dev;
    }
    for (String id : unassignedJobIds) cost += penalty(id);
    return cost;
  }
}
