package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.algorithm.SearchStrategy;
import com.graphhopper.jsprit.core.algorithm.VehicleRoutingAlgorithm;
import com.graphhopper.jsprit.core.algorithm.acceptor.SchrimpfAcceptance;
import com.graphhopper.jsprit.core.algorithm.box.Jsprit;
import com.graphhopper.jsprit.core.algorithm.listener.IterationStartsListener;
import com.graphhopper.jsprit.core.algorithm.module.RuinAndRecreateModule;
import com.graphhopper.jsprit.core.algorithm.recreate.AbstractInsertionStrategy;
import com.graphhopper.jsprit.core.algorithm.recreate.InsertionStrategyBuilder;
import com.graphhopper.jsprit.core.algorithm.ruin.JobNeighborhoods;
import com.graphhopper.jsprit.core.algorithm.ruin.JobNeighborhoodsFactory;
import com.graphhopper.jsprit.core.algorithm.ruin.distance.AvgServiceAndShipmentDistance;
import com.graphhopper.jsprit.core.algorithm.selector.SelectBest;
import com.graphhopper.jsprit.core.algorithm.state.StateManager;
import com.graphhopper.jsprit.core.problem.constraint.ConstraintManager;
import com.graphhopper.jsprit.core.problem.job.Job;
import com.graphhopper.jsprit.core.problem.solution.VehicleRoutingProblemSolution;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import com.graphhopper.jsprit.core.problem.vehicle.FiniteFleetManagerFactory;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleFleetManager;
import com.graphhopper.jsprit.core.util.Solutions;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.solver.SolverConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One independent ruin-and-recreate search on its own jsprit model with its own random stream.
 * Parallel search runs several of these on different seeds and keeps the best: unlike jsprit's
 * concurrent insertion, whose noise depends on thread interleaving, this stays reproducible.
 */
final class SearchWorker implements Callable<SearchWorker.Outcome> {

  /** The best solution of one worker as stop sequences per driver. */
  private static final double THRESHOLD_ALPHA = 0.15;

  private static final double THRESHOLD_INI = 0.03;
  private static final double ROUTE_ELIMINATION_WEIGHT = 0.5;

  // Phase shares and the stubbornness step were chosen on the 12 Solomon R1/RC1 instances where
  // the vehicle count is hardest to reach, at 6,000 iterations per worker, over two seeds.
  /** Share of the iterations for the first search on the whole fleet (hierarchical mode). */
  private static final double FIRST_PHASE_SHARE = 0.1;

  /** Share for route elimination attempts, and the most one attempt may use. */
  private static final double ELIMINATION_SHARE = 0.65;

  private static final double ATTEMPT_SHARE = 0.45;

  /**
   * While eliminating a route: a wider random walk, and growing weight on jobs left out repeatedly.
   */
  private static final double ELIMINATION_THRESHOLD_INI = 0.1;

  private static final double STUBBORN_STEP = 0.1;

  record Outcome(
      Map<String, List<StopRef>> routes, List<String> unassigned, double cost, long iterations) {}

  private final Problem problem;
  private final Collection<io.fleetstream.routing.model.Job> searchable;
  private final TravelMatrix matrix;
  private final SolverConfig config;
  private final PlanCost cost;
  private final RouteSimulator simulator;
  private final long seed;
  private final int iterations;
  private final long deadlineNanos;
  private final AtomicBoolean timedOut;
  private final Map<String, List<StopRef>> warmStart;
  static final String LOCAL_SEARCH_PROPERTY = "fleetstream.solver.localSearch";

  private RouteLocalSearch localSearch;
  private boolean localSearchBuilt;

  static final String STRING_SEARCH_PROPERTY = "fleetstream.solver.stringSearch";

  /**
   * String search iterations in place of one ruin-and-recreate iteration: about their speed ratio
   * at 200 jobs on one core, so an iteration budget keeps its length in time. Reported iterations
   * count string search iterations at this rate.
   */
  static final int STRING_ITERATIONS = 15;

  /**
   * With the string search, the share for taking drivers away (in place of {@link
   * #ELIMINATION_SHARE}): jsprit's route elimination has the first {@link
   * #STRINGS_JSPRIT_ELIMINATION_SHARE} of it, the string search's fleet minimization the rest.
   */
  private static final double STRINGS_ELIMINATION_SHARE = 0.45;

  private static final double STRINGS_JSPRIT_ELIMINATION_SHARE = 0.3;

  private StringSearch strings;
  private boolean stringsBuilt;

  SearchWorker(
      Problem problem,
      Collection<io.fleetstream.routing.model.Job> searchable,
      TravelMatrix matrix,
      SolverConfig config,
      PlanCost cost,
      RouteSimulator simulator,
      long seed,
      int iterations,
      long deadlineNanos,
      AtomicBoolean timedOut,
      Map<String, List<StopRef>> warmStart) {
    this.problem = problem;
    this.searchable = searchable;
    this.matrix = matrix;
    this.config = config;
    this.cost = cost;
    this.simulator = simulator;
    this.seed = seed;
    this.iterations = iterations;
    this.deadlineNanos = deadlineNanos;
    this.timedOut = timedOut;
    this.warmStart = warmStart;
  }

  /**
   * With a vehicle cost, the budget is spent hierarchically: a first search on all drivers, then
   * route elimination attempts (the shortest route's driver is taken away and the search must fit
   * its jobs elsewhere; it stops at the first complete solution), then the rest on distance or time
   * with the smaller fleet as start. Every phase has an iteration budget, so the whole stays
   * reproducible under the seed.
   *
   * <p>Where the {@link StringSearch} covers the problem's rules, it takes over from jsprit after a
   * shorter elimination: its fleet minimization takes drivers away until {@link
   * #STRINGS_ELIMINATION_SHARE}, and it spends the rest on distance. Chosen on the tuning subset of
   * Gehring–Homberger 200 (docs/benchmarks.md): its fleet minimization reached in a fraction of a
   * second fleets jsprit's elimination had not reached in two, and its distance search halved the
   * gap jsprit's ruin and recreate with the local search left in the same time.
   */
  @Override
  public Outcome call() {
    Random random = new Random(seed);
    long start = System.nanoTime();
    if (config.vehicleCost() <= 0 || problem.drivers().size() < 2) {
      Outcome only = runPhase(problem, warmStart, iterations, random, false, deadlineNanos);
      return fillTime(only, only.iterations(), start, random);
    }
    int first = Math.max(10, (int) (iterations * FIRST_PHASE_SHARE));
    Outcome best =
        runPhase(problem, warmStart, first, random, false, phaseEnd(start, FIRST_PHASE_SHARE));
    long used = best.iterations();
    boolean stringsReduce = strings(best) != null;
    double jspritShare = stringsReduce ? STRINGS_JSPRIT_ELIMINATION_SHARE : ELIMINATION_SHARE;
    long eliminationBudget = (long) (iterations * jspritShare);
    long eliminationEnd = phaseEnd(start, FIRST_PHASE_SHARE + jspritShare);
    while (System.nanoTime() - eliminationEnd < 0
        && best.unassigned().isEmpty()
        && used < first + eliminationBudget) {
      String drop = shortestUnlockedRoute(best.routes());
      if (drop == null) break;
      Set<String> keep = new HashSet<>(best.routes().keySet());
      keep.remove(drop);
      keep.addAll(problem.locks().keySet());
      List<Driver> fewer = problem.drivers().stream().filter(d -> keep.contains(d.id())).toList();
      Problem smaller = new Problem(problem.jobs(), fewer, problem.locks(), problem.incumbents());
      Map<String, List<StopRef>> startRoutes = new LinkedHashMap<>(best.routes());
      startRoutes.remove(drop);
      int attempt =
          (int)
              Math.max(10, Math.min(first + eliminationBudget - used, iterations * ATTEMPT_SHARE));
      Outcome tried = runPhase(smaller, startRoutes, attempt, random, true, eliminationEnd);
      used += tried.iterations();
      if (!tried.unassigned().isEmpty()) break;
      best = tried;
    }
    if (stringsReduce && best.unassigned().isEmpty()) {
      long share = (long) (iterations * (STRINGS_ELIMINATION_SHARE - jspritShare));
      long end = phaseEnd(start, FIRST_PHASE_SHARE + STRINGS_ELIMINATION_SHARE);
      StringSearch.Result fewer =
          strings.reduce(best.routes(), share * STRING_ITERATIONS, end, random);
      used += share;
      if (fewer != null) best = priced(fewer.routes(), fewer.iterations());
    }
    int rest = (int) Math.max(0, iterations - used);
    if (rest > 0 && System.nanoTime() - deadlineNanos < 0 && strings(best) != null) {
      Outcome last = runStrings(best, (long) rest * STRING_ITERATIONS, false, random);
      used += rest;
      if (last.cost() <= best.cost()) best = last;
    } else if (rest > 0 && System.nanoTime() - deadlineNanos < 0) {
      Outcome last = runPhase(problem, best.routes(), rest, random, false, deadlineNanos);
      used += last.iterations();
      if (last.cost() <= best.cost()) best = last;
    }
    return fillTime(best, used, start, random);
  }

  /** Least time worth a further phase: below it a phase only rebuilds the model. */
  private static final long MIN_FILL_NANOS = 100_000_000L;

  /**
   * With {@link SolverConfig#fillsTimeLimit()}: while the budget left time on the clock, further
   * searches from the best plan, each sized by the rate measured so far to end at the deadline. A
   * restart also re-heats the acceptance threshold, which lets the search leave the basin the
   * budget's cooling ended in.
   */
  private Outcome fillTime(Outcome best, long used, long start, Random random) {
    if (config.fillsTimeLimit()
        && deadlineNanos - System.nanoTime() >= MIN_FILL_NANOS
        && strings(best) != null) {
      Outcome next = runStrings(best, Long.MAX_VALUE, true, random);
      used += Math.max(1, next.iterations() / STRING_ITERATIONS);
      if (next.cost() <= best.cost()) best = next;
      timedOut.set(true);
      return new Outcome(best.routes(), best.unassigned(), best.cost(), used);
    }
    while (config.fillsTimeLimit()) {
      long now = System.nanoTime();
      long left = deadlineNanos - now;
      if (left < MIN_FILL_NANOS || used <= 0) break;
      double perNano = (double) used / Math.max(1, now - start);
      int n = (int) Math.max(10, Math.min(Integer.MAX_VALUE, perNano * left));
      Outcome next = runPhase(problem, best.routes(), n, random, false, deadlineNanos);
      used += next.iterations();
      if (next.cost() <= best.cost()) best = next;
      // Sized by the clock, so the run is the clock's even when this phase ends just before it.
      timedOut.set(true);
    }
    return new Outcome(best.routes(), best.unassigned(), best.cost(), used);
  }

  /**
   * Where a phase must end on the clock: its share of the time left at start. Only matters on a
   * machine too slow or busy for the iteration budget; it keeps time for the last phase there.
   */
  private long phaseEnd(long start, double share) {
    return start + (long) ((double) (deadlineNanos - start) * share);
  }

  /**
   * Built on first use, once per worker: its neighbour lists cost a sort per job. The system
   * property {@value #LOCAL_SEARCH_PROPERTY}{@code =false} turns it off, to measure what it adds
   * (docs/benchmarks.md).
   */
  private RouteLocalSearch localSearch() {
    if (!localSearchBuilt && !"false".equals(System.getProperty(LOCAL_SEARCH_PROPERTY))) {
      localSearch = RouteLocalSearch.forProblem(problem, searchable, matrix, config);
      localSearchBuilt = true;
    }
    return localSearch;
  }

  /**
   * The string search when it covers the problem's rules and {@code from} is complete; null
   * otherwise. Built on first use, once per worker, on the local search's stops.
   */
  private StringSearch strings(Outcome from) {
    if (!from.unassigned().isEmpty()) return null;
    if (!stringsBuilt && !"false".equals(System.getProperty(STRING_SEARCH_PROPERTY))) {
      strings = StringSearch.forProblem(problem, localSearch(), config, matrix.unreachableCount());
      stringsBuilt = true;
    }
    return strings;
  }

  /**
   * The string search from {@code from}'s plan, then the local search's descent on its best plan
   * (moves across routes it does not make), priced by the same objective as jsprit's plans.
   */
  private Outcome runStrings(Outcome from, long budget, boolean byClock, Random random) {
    StringSearch.Result found = strings.run(from.routes(), budget, deadlineNanos, byClock, random);
    if (found == null) return from;
    Map<String, List<StopRef>> routes = found.routes();
    Map<String, List<StopRef>> polished = localSearch().improve(routes, deadlineNanos);
    return priced(polished != null ? polished : routes, found.iterations());
  }

  /** A complete plan priced by the same objective as jsprit's plans. */
  private Outcome priced(Map<String, List<StopRef>> routes, long iterations) {
    Map<String, Driver> drivers = problem.driversById();
    List<io.fleetstream.routing.model.Route> priced = new ArrayList<>();
    routes.forEach((d, refs) -> priced.add(simulator.run(drivers.get(d), refs).route()));
    return new Outcome(routes, List.of(), cost.of(priced, List.of()), iterations);
  }

  private String shortestUnlockedRoute(Map<String, List<StopRef>> routes) {
    String best = null;
    int size = Integer.MAX_VALUE;
    for (Map.Entry<String, List<StopRef>> e : routes.entrySet()) {
      if (problem.locks().containsKey(e.getKey()) || routes.size() < 2) continue;
      if (e.getValue().size() < size) {
        size = e.getValue().size();
        best = e.getKey();
      }
    }
    return best;
  }

  private Outcome runPhase(
      Problem problem,
      Map<String, List<StopRef>> warmStart,
      int iterations,
      Random random,
      boolean stopWhenComplete,
      long phaseDeadline) {
    JspritModel model = JspritModel.build(problem, searchable, matrix, config);
    StateManager states = new StateManager(model.vrp);
    ConstraintManager constraints = new ConstraintManager(model.vrp, states);
    Map<String, Driver> drivers = problem.driversById();
    if (matrix.unreachableCount() > 0) {
      constraints.addConstraint(
          new ReachabilityConstraint(matrix), ConstraintManager.Priority.CRITICAL);
    }
    if (!problem.lockedJobIds().isEmpty()) {
      constraints.addConstraint(
          new LockedPrefixConstraint(problem.lockedJobIds()), ConstraintManager.Priority.CRITICAL);
    }
    Map<String, Integer> maxStops = new HashMap<>();
    for (Driver d : problem.drivers()) {
      if (d.maxStops() != Driver.UNLIMITED_STOPS) maxStops.put(d.id(), d.maxStops());
    }
    if (!maxStops.isEmpty()) constraints.addConstraint(new MaxStopsConstraint(maxStops));
    Map<String, Driver> withBreaks = new HashMap<>();
    for (Driver d : problem.drivers()) {
      if (!d.breaks().isEmpty()) withBreaks.put(d.id(), d);
    }
    if (!withBreaks.isEmpty()) {
      // Last: it simulates a whole route, so jsprit's cheap checks should refuse first.
      constraints.addConstraint(
          new BreakConstraint(simulator, withBreaks), ConstraintManager.Priority.LOW);
    }
    Map<String, Double> fixedCosts = new HashMap<>();
    for (Driver d : problem.drivers()) {
      if (cost.fixedCost(d.id()) > 0) fixedCosts.put(d.id(), cost.fixedCost(d.id()));
    }
    if (config.vehicleCost() > 0 || !fixedCosts.isEmpty())
      constraints.addConstraint(new VehicleCostConstraint(config.vehicleCost(), fixedCosts));
    if (!problem.incumbents().isEmpty()) {
      constraints.addConstraint(new ReassignmentConstraint(problem.incumbents()));
    }
    BalanceConstraint balance = null;
    if (config.objective() == Objective.BALANCED) {
      balance = new BalanceConstraint(model.vrp.getTransportCosts());
      constraints.addConstraint(balance);
    }
    MakespanConstraint makespan = null;
    if (config.objective().minimizesLongest()) {
      makespan =
          new MakespanConstraint(
              model.vrp.getTransportCosts(),
              cost.makespanWeight(),
              config.objective() == Objective.MIN_MAX_DISTANCE);
      constraints.addConstraint(makespan);
    }
    OverlapConstraint overlap = null;
    if (config.objective() == Objective.AVOID_TOUR_OVERLAP) {
      overlap = new OverlapConstraint(matrix);
      constraints.addConstraint(overlap);
    }

    VehicleFleetManager fleet =
        new FiniteFleetManagerFactory(model.vrp.getVehicles()).createFleetManager();
    JspritObjective objective = new JspritObjective(simulator, drivers, cost);
    // Threshold acceptance whose start threshold is a share of the routing cost alone: jsprit's
    // default takes a share of the whole cost, which vehicle costs would inflate into a random
    // walk.
    SchrimpfAcceptance acceptance = new SchrimpfAcceptance(1, THRESHOLD_ALPHA);
    Jsprit.Builder builder =
        Jsprit.Builder.newInstance(model.vrp)
            .setVehicleFleetManager(fleet)
            .setCustomAcceptor(acceptance)
            .setStateAndConstraintManager(states, constraints)
            .setObjectiveFunction(objective)
            .setRandom(random)
            .setProperty(Jsprit.Parameter.THREADS, "1")
            .setProperty(Jsprit.Parameter.ITERATIONS, Integer.toString(iterations))
            // No vehicle switch: re-pricing every route against every idle driver is quadratic in
            // the fleet (46 s instead of 0.3 s to construct 200 jobs / 20 drivers), and a locked
            // route must stay with its driver anyway. Ruin and recreate still moves whole routes.
            .setProperty(Jsprit.Parameter.VEHICLE_SWITCH, "false")
            .setProperty(Jsprit.Parameter.FAST_REGRET, "true")
            .setProperty(Jsprit.Strategy.STRING_REGRET, "0.5")
            .setProperty(Jsprit.Strategy.STRING_BEST, "0.5");
    // Not while eliminating: emptying another route would only add unassigned jobs there.
    tuneForLargeProblems(builder, model.vrp.getJobs().size(), stopsPerRoute(problem, warmStart));
    if (config.vehicleCost() > 0 && problem.drivers().size() > 1 && !stopWhenComplete) {
      builder.addSearchStrategy(
          routeElimination(model, states, constraints, fleet, acceptance, objective, random),
          ROUTE_ELIMINATION_WEIGHT);
    }
    // Our own core states: jsprit's would time every route for every distinct driver (CoreStates).
    builder.addCoreStateAndConstraintStuff(false);
    CoreStates.add(constraints, states, model.vrp);
    VehicleRoutingAlgorithm algorithm = builder.buildAlgorithm();
    ClusterRuinGuard.install(algorithm);
    // Not while taking a driver away: that phase only looks for a complete plan with one route
    // fewer, and a descent that shortens routes halves the attempts it gets in its time (Li & Lim
    // 200, 5 s: best-known fleets 88 instead of 86 of 120 without it here, gap 3.1 % instead of
    // 3.5).
    RouteLocalSearch descent = stopWhenComplete ? null : localSearch();
    if (descent != null) LocalSearchModule.install(algorithm, descent, model, phaseDeadline);
    double thresholdShare = stopWhenComplete ? ELIMINATION_THRESHOLD_INI : THRESHOLD_INI;
    algorithm.addListener(
        (IterationStartsListener)
            (i, vrp, solutions) -> {
              if (i == 1)
                acceptance.setInitialThreshold(
                    thresholdShare * routingPart(Solutions.bestOf(solutions)));
              if (stopWhenComplete && i > 1) {
                for (VehicleRoutingProblemSolution s : solutions) {
                  objective.penalizeStubborn(s.getUnassignedJobs(), STUBBORN_STEP);
                  s.setCost(objective.getCosts(s));
                }
              }
            });
    if (balance != null) algorithm.addListener(balance);
    // Added after the build, so it comes after the state manager's own insertion listeners and sees
    // the route times it updated.
    if (makespan != null) algorithm.addListener(makespan);
    if (overlap != null) algorithm.addListener(overlap); // drops its medoids each iteration
    BudgetTermination termination = new BudgetTermination(phaseDeadline, timedOut);
    algorithm.addTerminationCriterion(termination);
    if (stopWhenComplete) {
      algorithm.addTerminationCriterion(found -> found.getSolution().getUnassignedJobs().isEmpty());
    }
    if (warmStart != null) {
      List<VehicleRoute> routes = new ArrayList<>();
      warmStart.forEach(
          (driver, refs) -> {
            if (!refs.isEmpty()) routes.add(model.route(driver, refs));
          });
      algorithm.addInitialSolution(new VehicleRoutingProblemSolution(routes, Double.MAX_VALUE));
    }
    VehicleRoutingProblemSolution best;
    try {
      best = Solutions.bestOf(algorithm.searchSolutions());
    } finally {
      ClusterRuinGuard.release();
    }
    Map<String, List<StopRef>> routes = new LinkedHashMap<>();
    for (VehicleRoute r : best.getRoutes()) {
      List<StopRef> refs = JspritModel.refs(r);
      if (!refs.isEmpty()) routes.put(r.getVehicle().getId(), refs);
    }
    List<String> unassigned = new ArrayList<>();
    for (Job j : best.getUnassignedJobs()) unassigned.add(j.getId());
    return new Outcome(routes, unassigned, best.getCost(), termination.iterations());
  }

  /**
   * jsprit's defaults are tuned on 100-job instances: ruins of up to half the jobs (at most 70),
   * string ruins of 10–30 stops from up to six routes, regret construction. Beyond {@link
   * SolverConfig#LARGE_PROBLEM_JOBS} an iteration then costs so much that short time limits see few
   * of them. Measured on 200 jobs / 20 drivers on the Monaco roads (2 s, both cores, four problems
   * × three seeds, against 60 s plans of the former settings):
   *
   * <ul>
   *   <li>Ruins of 5–15 jobs, strings of 3–10 stops from at most three routes: regret insertion
   *       costs about the square of the jobs removed, and jsprit's strings emptied whole routes
   *       (50–100 jobs). Iterations 3–5 times cheaper; with ruins of 10–30 the 2 s plan was 5.0 %
   *       above, with 3–10 2.5 %, with 5–15 about 2 %.
   *   <li>No random ruins: scattered jobs rarely move anywhere better under two-hour windows; the
   *       related ruins (radial, worst, cluster, string) do. 2.05 % → 1.2 % (without cluster ruins
   *       1.55 %, without worst ruins far worse).
   *   <li>Best insertion builds the first plan: regret construction weighs every job against every
   *       other before each insertion and never looks at the clock (130–300 ms at 200 jobs, 27 s at
   *       1,000 under a 4 s limit) against 2–7 ms (40–70 ms at 1,000). Its plan starts a little
   *       worse (190–210k against 193–197k) and the first few dozen iterations erase that (2 s
   *       plans within 0.4 % of each other).
   * </ul>
   */
  static void tuneForLargeProblems(Jsprit.Builder builder, int jobs, double stopsPerRoute) {
    if (jobs <= SolverConfig.LARGE_PROBLEM_JOBS) return;
    builder.setProperty(
        Jsprit.Parameter.CONSTRUCTION, Jsprit.Construction.BEST_INSERTION.toString());
    builder.setProperty(Jsprit.Strategy.RANDOM_BEST, "0");
    builder.setProperty(Jsprit.Strategy.RANDOM_REGRET, "0");
    int ruinMax = (int) Math.round(Math.max(15, Math.min(40, stopsPerRoute * 0.75)));
    int stringMax = (int) Math.round(Math.max(10, Math.min(30, stopsPerRoute / 2)));
    builder.setProperty(Jsprit.Parameter.STRING_K_MIN, "1");
    builder.setProperty(Jsprit.Parameter.STRING_K_MAX, "3");
    builder.setProperty(Jsprit.Parameter.STRING_L_MIN, "3");
    builder.setProperty(Jsprit.Parameter.STRING_L_MAX, Integer.toString(stringMax));
    for (Jsprit.Parameter p :
        List.of(
            Jsprit.Parameter.RADIAL_MIN_SHARE,
            Jsprit.Parameter.WORST_MIN_SHARE,
            Jsprit.Parameter.CLUSTER_MIN_SHARE)) {
      builder.setProperty(p, Integer.toString(Math.max(5, ruinMax / 3)));
    }
    for (Jsprit.Parameter p :
        List.of(
            Jsprit.Parameter.RADIAL_MAX_SHARE,
            Jsprit.Parameter.WORST_MAX_SHARE,
            Jsprit.Parameter.CLUSTER_MAX_SHARE)) {
      builder.setProperty(p, Integer.toString(ruinMax));
    }
  }

  /**
   * Stops per route of the plan a phase starts from (jobs over drivers when it starts empty): long
   * routes need longer strings and larger ruins to change their order at all.
   */
  private static double stopsPerRoute(Problem problem, Map<String, List<StopRef>> warmStart) {
    long routes =
        warmStart == null ? 0 : warmStart.values().stream().filter(r -> !r.isEmpty()).count();
    long stops = warmStart == null ? 0 : warmStart.values().stream().mapToLong(List::size).sum();
    if (routes == 0) return (double) problem.jobs().size() / Math.max(1, problem.drivers().size());
    return (double) stops / routes;
  }

  /**
   * The solution's cost without vehicle costs, unassigned penalties and service time: the part the
   * search can change, which sets the acceptance threshold.
   */
  private double routingPart(VehicleRoutingProblemSolution s) {
    double c = s.getCost() - config.vehicleCost() * s.getRoutes().size();
    for (Job j : s.getUnassignedJobs()) c -= cost.penalty(j.getId());
    if (config.objective() == Objective.MIN_COST) {
      // In money: each driver's fixed cost and its service time at its rate per second.
      for (VehicleRoute r : s.getRoutes()) {
        String id = r.getVehicle().getId();
        c -= cost.fixedCost(id);
        for (var act : r.getActivities()) c -= cost.perSecond(id) * act.getOperationTime();
      }
    } else if (!config.objective().byDistance()) {
      for (VehicleRoute r : s.getRoutes()) {
        for (var act : r.getActivities()) c -= act.getOperationTime();
      }
    }
    return Math.max(0, c);
  }

  private static SearchStrategy routeElimination(
      JspritModel model,
      StateManager states,
      ConstraintManager constraints,
      VehicleFleetManager fleet,
      SchrimpfAcceptance acceptance,
      JspritObjective objective,
      Random random) {
    JobNeighborhoods neighborhoods =
        new JobNeighborhoodsFactory()
            .createNeighborhoods(
                model.vrp, new AvgServiceAndShipmentDistance(model.vrp.getTransportCosts()), 10);
    neighborhoods.initialise();
    RuinRoute ruin = new RuinRoute(model.vrp, neighborhoods);
    ruin.setRandom(random);
    AbstractInsertionStrategy regret =
        (AbstractInsertionStrategy)
            new InsertionStrategyBuilder(model.vrp, fleet, states, constraints)
                .setInsertionStrategy(InsertionStrategyBuilder.Strategy.REGRET)
                .setFastRegret(true)
                .build();
    regret.setRandom(random);
    SearchStrategy strategy =
        new SearchStrategy("route_elimination", new SelectBest(), acceptance, objective);
    RuinAndRecreateModule module = new RuinAndRecreateModule("route_elimination", regret, ruin);
    module.setRandom(random);
    strategy.addModule(module);
    return strategy;
  }
}
