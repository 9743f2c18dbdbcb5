package io.fleetstream.routing.solver.internal;

import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Incumbents;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.solver.SolverConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The objective, computed on our own model so the search (through {@link JspritObjective}), the
 * warm-start comparison and the reported cost all use one formula: vehicle cost per used route +
 * distance, or route duration (driving, waiting and service, from departure to return) + for {@code
 * balanced} the sum of absolute deviations of route durations (idle drivers at zero) from their
 * mean + for {@code min_max} W × the longest route's duration (its distance for {@code
 * min_max_distance}, whose routes are measured in metres as {@code min_distance}'s), W = {@value
 * #MAKESPAN_WEIGHT_PER_DRIVER} × the number of drivers + for {@code avoid_tour_overlap} each
 * route's spread, the travel seconds from its medoid stop to each of its stops ({@link #spread}) +
 * for each unassigned job a penalty that grows as its priority number falls (priority 1 weighs 10
 * units, 10 weighs 1).
 *
 * <p>For {@code min_cost} a route costs money instead: the vehicle cost + its driver's fixed cost +
 * cost per km × km + cost per hour × hours of duration, a driver without variable costs paying
 * {@link Objective#DEFAULT_COST_PER_HOUR} per hour ({@link #money}); the unassigned penalty is in
 * money too ({@link #unassignedUnit}).
 *
 * <p>Why W = 100 × drivers for {@code min_max}: a plan's total duration is at most the number of
 * drivers n times its longest route M. A plan B with M_B = (1 − r) M_A then costs at most (n + W)(1
 * − r) M_A and plan A at least (1 + W) M_A, so B wins whenever r &gt; (n − 1) / (n + W), which is
 * below 1 % for W = 100 n: shortening the longest route by more than 1 % always pays, whatever it
 * does to the total; closer than that, the total breaks the tie. A W large enough for a strict
 * lexicographic order would have to be about n × horizon / (one second), and would leave the
 * search's acceptance threshold (a share of the cost) blind to the total for most of the run.
 *
 * <p>Why the medoid spread for {@code avoid_tour_overlap}: two routes that interleave over the same
 * areas each have stops far from their medoid, two compact routes in separate areas do not; it is
 * measured with the same matrix as duration (seconds), so it needs no coordinates and holds on
 * planar, haversine and road matrices alike, and adding a stop s to a route with medoid m raises it
 * by at most the seconds from m to s, which is what the insertion guidance ({@code
 * OverlapConstraint}) charges. Costs O(k²) per route of k stops.
 */
public final class PlanCost {

  /** Weight of the balance term against total duration. */
  public static final double BALANCE_WEIGHT = 1.0;

  /** W / number of drivers for {@code min_max} (see the class comment). */
  public static final double MAKESPAN_WEIGHT_PER_DRIVER = 100.0;

  /** Weight of a second of spread against a second of duration for {@code avoid_tour_overlap}. */
  public static final double OVERLAP_WEIGHT = 1.0;

  private final Objective objective;
  private final double vehicleCost;
  private final Map<String, Job> jobs;
  private final double unassignedUnit;
  private final int drivers;
  private final TravelMatrix matrix;
  private final Map<String, Driver> fleet;
  private final Incumbents incumbents;
  // Once, not per route: the objective is evaluated for every route of every candidate plan.
  private final boolean chargesMoves;

  /**
   * @param drivers size of the fleet: idle drivers count as routes of zero duration in the balance
   *     term; sets the makespan weight of {@code min_max}
   * @param matrix the travel matrix of the problem's locations (the spread of {@code
   *     avoid_tour_overlap})
   */
  public PlanCost(
      SolverConfig config,
      Map<String, Job> jobs,
      double unassignedUnit,
      int drivers,
      TravelMatrix matrix) {
    this(config, jobs, unassignedUnit, drivers, matrix, List.of(), Incumbents.NONE);
  }

  /**
   * @param fleet the problem's drivers, whose costs {@code min_cost} charges (a route of a driver
   *     not in it is charged as one without costs)
   */
  public PlanCost(
      SolverConfig config,
      Map<String, Job> jobs,
      double unassignedUnit,
      TravelMatrix matrix,
      Collection<Driver> fleet) {
    this(config, jobs, unassignedUnit, fleet.size(), matrix, fleet, Incumbents.NONE);
  }

  /**
   * @param incumbents each route also pays {@link Incumbents#moveCost} for each job it took from
   *     another driver (a re-plan's stability)
   */
  public PlanCost(
      SolverConfig config,
      Map<String, Job> jobs,
      double unassignedUnit,
      TravelMatrix matrix,
      Collection<Driver> fleet,
      Incumbents incumbents) {
    this(config, jobs, unassignedUnit, fleet.size(), matrix, fleet, incumbents);
  }

  private PlanCost(
      SolverConfig config,
      Map<String, Job> jobs,
      double unassignedUnit,
      int drivers,
      TravelMatrix matrix,
      Collection<Driver> fleet,
      Incumbents incumbents) {
    this.incumbents = incumbents;
    this.chargesMoves = !incumbents.isEmpty();
    this.objective = config.objective();
    this.vehicleCost = config.vehicleCost();
    this.jobs = jobs;
    this.unassignedUnit = unassignedUnit;
    this.drivers = drivers;
    this.matrix = matrix;
    this.fleet = new HashMap<>();
    for (Driver d : fleet) this.fleet.put(d.id(), d);
  }

  /** Cost per metre of {@code d} for {@code min_cost}: its cost per km / 1000. */
  public static double perMetre(Driver d) {
    return d == null ? 0 : d.costPerKm() / 1000;
  }

  /**
   * Cost per second of {@code d} for {@code min_cost}: its cost per hour / 3600, or {@link
   * Objective#DEFAULT_COST_PER_HOUR} / 3600 for a driver (or null) without variable costs.
   */
  public static double perSecond(Driver d) {
    double perHour =
        d == null || !d.hasVariableCosts() ? Objective.DEFAULT_COST_PER_HOUR : d.costPerHour();
    return perHour / 3600;
  }

  /**
   * What a used route of {@code d} driving {@code metres} for {@code seconds} of duration costs
   * under {@code min_cost}, without the solver's global vehicle cost: fixed cost + cost per km × km
   * + cost per hour × hours.
   */
  public static double money(Driver d, double metres, double seconds) {
    double fixed = d == null ? 0 : d.fixedCost();
    return fixed + perMetre(d) * metres + perSecond(d) * seconds;
  }

  /** The driver's fixed cost for {@code min_cost} (0 for other objectives or unknown drivers). */
  public double fixedCost(String driverId) {
    Driver d = fleet.get(driverId);
    return objective != Objective.MIN_COST || d == null ? 0 : d.fixedCost();
  }

  /** The driver's cost per second of route duration for {@code min_cost}. */
  public double perSecond(String driverId) {
    return perSecond(fleet.get(driverId));
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
   * can also lengthen the longest route by as much, so it is counted 1 + W times; for {@code
   * avoid_tour_overlap} a new stop adds at most one matrix cell (from the route's medoid) to the
   * spread.
   *
   * <p>For {@code min_cost} the same bound is in money: serving a job on driver d costs at most its
   * fixed cost (if it opens the route) + its cost per metre × 4 × the longest cell in metres (a
   * pickup and a drop-off each replace one leg by two) + its cost per second × (4 × the longest
   * cell in seconds + the horizon's waiting + twice the longest service); the unit is the largest
   * of these over the fleet + the vehicle cost + 1, so no driver can serve a job for as much as
   * leaving it out costs. A re-plan's move cost ({@link Incumbents}) is added too: moving a job is
   * never worse than dropping it.
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
        objective(config).byDistance() || hi <= lo ? 0 : Math.min(1e7, hi - Math.min(lo, hi));
    double service = objective(config).byDistance() ? 0 : 2 * maxService;
    if (objective(config) == Objective.MIN_COST) {
      double maxMetres = 0;
      double maxSeconds = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (!m.reachable(i, j)) continue;
          maxMetres = Math.max(maxMetres, m.metres(i, j));
          maxSeconds = Math.max(maxSeconds, m.seconds(i, j));
        }
      }
      double worst = 0;
      for (Driver d : problem.drivers()) {
        worst = Math.max(worst, money(d, 4 * maxMetres, 4 * maxSeconds + horizon + service));
      }
      return config.vehicleCost() + worst + problem.incumbents().maxMoveCost() + 1;
    }
    double routing = 4 * maxCell + horizon + service;
    if (objective(config).minimizesLongest()) {
      routing *= 1 + makespanWeight(problem.drivers().size());
    } else if (objective(config) == Objective.AVOID_TOUR_OVERLAP) {
      routing += OVERLAP_WEIGHT * maxCell;
    }
    return config.vehicleCost() + routing + problem.incumbents().maxMoveCost() + 1;
  }

  private static Objective objective(SolverConfig c) {
    return c.objective();
  }

  static double legCost(Objective o, TravelMatrix m, int i, int j) {
    return o.byDistance() ? m.metres(i, j) : m.seconds(i, j);
  }

  public double unassignedUnit() {
    return unassignedUnit;
  }

  /**
   * Cost of one route without the terms that depend on all routes (balance, makespan); with its
   * spread for {@code avoid_tour_overlap}.
   */
  public double routeCost(Route r) {
    if (r.stops().isEmpty()) return 0;
    double moves = moves(r);
    if (objective == Objective.MIN_COST) {
      return vehicleCost + money(fleet.get(r.driverId()), r.distance(), r.duration()) + moves;
    }
    double c = vehicleCost + (objective.byDistance() ? r.distance() : r.duration());
    if (objective == Objective.AVOID_TOUR_OVERLAP) c += OVERLAP_WEIGHT * spread(r);
    return c + moves;
  }

  /** What the route pays for the jobs it took from other drivers (a pair counts once). */
  private double moves(Route r) {
    if (!chargesMoves) return 0;
    double c = 0;
    for (var s : r.stops()) {
      if (s.type() != StopType.PICKUP) {
        c += incumbents.costOf(s.jobId(), r.driverId());
      }
    }
    return c;
  }

  /**
   * The route's spread: the travel seconds from its medoid (the stop whose seconds to all the
   * route's stops add up least) to each of its stops; 0 for a route of one stop.
   */
  double spread(Route r) {
    int[] at = new int[r.stops().size()];
    for (int i = 0; i < at.length; i++) at[i] = matrix.indexOf(r.stops().get(i).location());
    int m = medoid(matrix, at, at.length);
    return m < 0 ? 0 : secondsFrom(matrix, m, at, at.length);
  }

  /**
   * The point among the first {@code n} of {@code at} whose seconds to all of them add up least
   * (unreachable cells skip a candidate; if every candidate has one, the first point); -1 when
   * {@code n} is 0.
   */
  static int medoid(TravelMatrix m, int[] at, int n) {
    if (n == 0) return -1;
    int best = at[0];
    double bestSum = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < n && sum < bestSum; j++) sum += m.seconds(at[i], at[j]);
      if (sum < bestSum) {
        bestSum = sum;
        best = at[i];
      }
    }
    return best;
  }

  /** Seconds from {@code from} to each of the first {@code n} points, unreachable ones left out. */
  static double secondsFrom(TravelMatrix m, int from, int[] at, int n) {
    double sum = 0;
    for (int j = 0; j < n; j++) {
      double s = m.seconds(from, at[j]);
      if (Double.isFinite(s)) sum += s;
    }
    return sum;
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
        longest =
            Math.max(
                longest, objective == Objective.MIN_MAX_DISTANCE ? r.distance() : r.duration());
        used++;
      }
    }
    if (objective.minimizesLongest()) cost += makespanWeight() * longest;
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
