package io.fleetstream.routing.solver.internal;

import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.matrix.Metric;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.UnassignedJob;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.SolverConfig;
import io.fleetstream.routing.solver.StopCriterion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/** One solve: matrix, screening, parallel search, repair, diagnosis, warm-start guard, geometry. */
public final class SolverEngine {

  /**
   * What drawing one leg on a road geometry is assumed to cost: about 0.8 ms measured on the Monaco
   * map (one point-to-point road query a leg). The search stops early by the legs' share of the
   * time limit so that drawing the plan fits in it too.
   */
  static final double GEOMETRY_MS_PER_LEG = 1.0;

  /** The most of the time limit kept for drawing the plan. */
  static final double GEOMETRY_MAX_SHARE = 0.1;

  private final SolverConfig config;
  private final MatrixProvider matrices;
  private final RouteGeometry geometry;

  public SolverEngine(SolverConfig config, MatrixProvider matrices, RouteGeometry geometry) {
    this.config = config;
    this.matrices = matrices;
    this.geometry = geometry;
  }

  public SolveResult solve(Problem problem, Plan warmStartPlan) {
    long t0 = System.nanoTime();
    Map<String, Job> jobs = problem.jobsById();
    if (problem.drivers().isEmpty()) {
      List<UnassignedJob> un =
          problem.jobs().stream()
              .map(
                  j ->
                      new UnassignedJob(
                          j.id(),
                          io.fleetstream.routing.model.ReasonCode.NO_DRIVER,
                          "no driver in the problem"))
              .toList();
      return new SolveResult(
          new Plan(List.of(), un), 0, 0, millisSince(t0), StopCriterion.TRIVIAL, false);
    }
    TravelMatrix matrix = matrices.matrix(problem.locations());
    RouteSimulator simulator = new RouteSimulator(jobs, matrix);
    Diagnosis diagnosis = new Diagnosis(problem, matrix, simulator);
    PlanCost cost =
        new PlanCost(
            config,
            jobs,
            PlanCost.unassignedUnit(problem, matrix, config),
            matrix,
            problem.drivers(),
            problem.incumbents());

    Set<String> locked = problem.lockedJobIds();
    Map<String, UnassignedJob> screenedOut = new LinkedHashMap<>();
    List<Job> searchable = new ArrayList<>();
    for (Job j : problem.jobs()) {
      if (locked.contains(j.id())) continue;
      UnassignedJob why = diagnosis.screen(j);
      if (why != null) screenedOut.put(j.id(), why);
      else searchable.add(j);
    }
    Set<String> searchableIds = new HashSet<>();
    searchable.forEach(j -> searchableIds.add(j.id()));
    Map<String, List<StopRef>> warm =
        warmStartPlan == null
            ? null
            : WarmStart.prepare(problem, warmStartPlan, searchableIds, simulator);

    Map<String, List<StopRef>> routes;
    long iterations = 0;
    StopCriterion stoppedBy;
    if (searchable.isEmpty()) {
      routes = new LinkedHashMap<>();
      problem
          .locks()
          .forEach(
              (d, refs) -> {
                if (!refs.isEmpty()) routes.put(d, new ArrayList<>(refs));
              });
      stoppedBy = StopCriterion.TRIVIAL;
    } else {
      AtomicBoolean timedOut = new AtomicBoolean();
      long deadline =
          config.timeLimit() == null
              ? t0 + Long.MAX_VALUE / 2
              : t0 + config.timeLimit().toNanos() - geometryReserveNanos(problem);
      SearchWorker.Outcome best =
          search(problem, searchable, matrix, cost, simulator, warm, deadline, timedOut);
      routes = new LinkedHashMap<>();
      best.routes().forEach((d, refs) -> routes.put(d, new ArrayList<>(refs)));
      iterations = best.iterations();
      stoppedBy = timedOut.get() ? StopCriterion.TIME_LIMIT : StopCriterion.ITERATIONS;
    }
    // Locked stops are on their driver's route even when jsprit reports the route empty.
    problem
        .locks()
        .forEach(
            (d, refs) -> {
              if (!refs.isEmpty()) routes.putIfAbsent(d, new ArrayList<>(refs));
            });

    Set<String> missing = new LinkedHashSet<>(searchableIds);
    trimBreakRoutes(problem, routes, simulator);
    routes.values().forEach(seq -> seq.forEach(r -> missing.remove(r.jobId())));
    repair(problem, missing, routes, simulator, cost);

    List<UnassignedJob> unassigned = new ArrayList<>(screenedOut.values());
    for (String id : missing) unassigned.add(diagnosis.explain(jobs.get(id), routes, 0));
    Plan plan = toPlan(problem, routes, unassigned, simulator);
    double planCost = costOf(plan, cost);

    boolean warmKept = false;
    Double warmStartCost = null;
    if (warm != null) {
      Set<String> warmMissing = new LinkedHashSet<>(searchableIds);
      warm.values().forEach(seq -> seq.forEach(r -> warmMissing.remove(r.jobId())));
      List<UnassignedJob> warmUn = new ArrayList<>(screenedOut.values());
      for (String id : warmMissing) warmUn.add(diagnosis.explain(jobs.get(id), warm, 0));
      Plan warmPlan = toPlan(problem, warm, warmUn, simulator);
      double warmCost = costOf(warmPlan, cost);
      warmStartCost = warmCost;
      // The search starts from the warm plan and keeps its best, but the final repair and the
      // objective's rounding must never leave the caller worse off than the plan it gave.
      if (warmCost < planCost - 1e-9) {
        plan = warmPlan;
        planCost = warmCost;
        warmKept = true;
      }
    }
    plan = withGeometry(plan, problem.driversById());
    return new SolveResult(
        plan, planCost, iterations, millisSince(t0), stoppedBy, warmKept, warmStartCost);
  }

  private SearchWorker.Outcome search(
      Problem problem,
      List<Job> searchable,
      TravelMatrix matrix,
      PlanCost cost,
      RouteSimulator simulator,
      Map<String, List<StopRef>> warm,
      long deadline,
      AtomicBoolean timedOut) {
    int workers = config.threads();
    int iterations = config.derivedIterations(searchable.size());
    SplittableRandom seeds = new SplittableRandom(config.seed());
    List<SearchWorker> tasks = new ArrayList<>();
    for (int k = 0; k < workers; k++) {
      tasks.add(
          new SearchWorker(
              problem,
              searchable,
              matrix,
              config,
              cost,
              simulator,
              seeds.nextLong(),
              iterations,
              deadline,
              timedOut,
              warm));
    }
    if (workers == 1) return tasks.get(0).call();
    ExecutorService pool = newPool(workers);
    try {
      List<Future<SearchWorker.Outcome>> futures = pool.invokeAll(tasks);
      SearchWorker.Outcome best = null;
      long total = 0;
      for (Future<SearchWorker.Outcome> f : futures) {
        SearchWorker.Outcome o = f.get();
        total += o.iterations();
        if (best == null || o.cost() < best.cost()) best = o; // ties keep the lower worker index
      }
      return new SearchWorker.Outcome(best.routes(), best.unassigned(), best.cost(), total);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("solve interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("search failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A safety net for drivers with breaks, which jsprit cannot time: while such a route fails in the
   * simulator, its last unlocked job leaves it (both stops of a pair), for the repair and the
   * diagnosis to handle. {@link BreakConstraint} should make this a no-op.
   */
  private static void trimBreakRoutes(
      Problem problem, Map<String, List<StopRef>> routes, RouteSimulator simulator) {
    for (Driver d : problem.drivers()) {
      List<StopRef> seq = routes.get(d.id());
      if (d.breaks().isEmpty() || seq == null) continue;
      int locked = problem.locksOf(d.id()).size();
      while (seq.size() > locked && !simulator.run(d, seq).feasible()) {
        String last = seq.get(seq.size() - 1).jobId();
        if (problem.lockedJobIds().contains(last)) break;
        seq.removeIf(r -> r.jobId().equals(last));
      }
    }
  }

  /** Greedy cheapest insertion of jobs the search left out, most important first. */
  private void repair(
      Problem problem,
      Set<String> missing,
      Map<String, List<StopRef>> routes,
      RouteSimulator simulator,
      PlanCost cost) {
    if (missing.isEmpty()) return;
    InsertionSearch search = new InsertionSearch(simulator);
    Map<String, Job> jobs = problem.jobsById();
    List<Job> order =
        missing.stream()
            .map(jobs::get)
            .sorted(Comparator.comparingInt(Job::priority).thenComparing(Job::id))
            .toList();
    for (Job job : order) {
      InsertionSearch.Insertion best = null;
      for (Driver d : problem.drivers()) {
        List<StopRef> route = routes.getOrDefault(d.id(), List.of());
        var a =
            search.tryInsert(
                job, d, route, problem.locksOf(d.id()).size(), s -> cost.routeCost(s.route()));
        if (a.best() != null && (best == null || a.best().deltaCost() < best.deltaCost()))
          best = a.best();
      }
      if (best != null && best.deltaCost() < cost.penalty(job.id())) {
        routes.put(best.driverId(), new ArrayList<>(best.sequence()));
        missing.remove(job.id());
      }
    }
  }

  private static Plan toPlan(
      Problem problem,
      Map<String, List<StopRef>> routes,
      List<UnassignedJob> unassigned,
      RouteSimulator simulator) {
    List<Route> out = new ArrayList<>();
    for (Driver d : problem.drivers()) {
      List<StopRef> refs = routes.get(d.id());
      if (refs == null || refs.isEmpty()) continue;
      out.add(simulator.run(d, refs).route());
    }
    List<UnassignedJob> un = new ArrayList<>(unassigned);
    un.sort(Comparator.comparing(UnassignedJob::jobId));
    return new Plan(out, un);
  }

  private static double costOf(Plan plan, PlanCost cost) {
    return cost.of(plan.routes(), plan.unassigned().stream().map(UnassignedJob::jobId).toList());
  }

  /**
   * Time kept after the search for drawing the plan: nothing for straight or no geometry, else an
   * estimate from the legs the plan can have (one a stop, one back a driver), drawn on all threads.
   * Without it a 2 s solve of 200 jobs on the Monaco roads took 2.1–2.4 s.
   */
  private long geometryReserveNanos(Problem problem) {
    if (geometry == RouteGeometry.NONE || geometry == RouteGeometry.STRAIGHT) return 0;
    long stops = 0;
    for (Job j : problem.jobs()) stops += j.isPair() ? 2 : 1;
    long legs = stops + Math.min(stops, problem.drivers().size());
    double ms = legs * GEOMETRY_MS_PER_LEG / config.threads();
    return (long) (Math.min(ms * 1e6, config.timeLimit().toNanos() * GEOMETRY_MAX_SHARE));
  }

  /** Draws the routes, on as many threads as the search used (one road query per leg). */
  private Plan withGeometry(Plan plan, Map<String, Driver> drivers) {
    if (geometry == RouteGeometry.NONE) return plan;
    List<Route> routes = plan.routes();
    List<Callable<Route>> draws = new ArrayList<>();
    for (Route r : routes) draws.add(() -> drawn(r, drivers.get(r.driverId())));
    int threads = Math.min(config.threads(), routes.size());
    List<Route> out = new ArrayList<>(routes.size());
    if (threads <= 1 || geometry == RouteGeometry.STRAIGHT) {
      for (Callable<Route> d : draws) out.add(call(d));
      return new Plan(out, plan.unassigned());
    }
    ExecutorService pool = newPool(threads);
    try {
      for (Future<Route> f : pool.invokeAll(draws)) out.add(f.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("solve interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException("drawing routes failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new Plan(out, plan.unassigned());
  }

  private Route drawn(Route r, Driver d) {
    if (Metric.EUCLIDEAN.wireName().equals(r.metric())) return r;
    List<Location> waypoints = new ArrayList<>();
    waypoints.add(d.start());
    r.stops().forEach(s -> waypoints.add(s.location()));
    if (d.returnsToEnd()) waypoints.add(d.end());
    return r.withPolyline(geometry.encodedPolyline(waypoints));
  }

  private static <T> T call(Callable<T> c) {
    try {
      return c.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ExecutorService newPool(int threads) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "fleetstream-solver");
          t.setDaemon(true);
          return t;
        });
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
