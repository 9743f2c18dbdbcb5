package io.fleetstream.jobs.simulate;

import io.fleetstream.jobs.optimize.PlanMapper;
import io.fleetstream.jobs.optimize.ProblemMapper;
import io.fleetstream.jobs.optimize.ReoptimizeRequest;
import io.fleetstream.jobs.optimize.ReoptimizeRunner;
import io.fleetstream.jobs.optimize.ReplanProblem;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.VrpSolver;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.SimulationRequestData;
import io.fleetstream.schemas.events.SimulationResultData;
import io.fleetstream.schemas.events.SimulationResultData.Move;
import io.fleetstream.schemas.events.SimulationResultData.Outcome;
import io.fleetstream.schemas.events.UnassignedJob;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs one what-if: the zone's current routes scheduled as they stand (every routed job locked in
 * its place, so nothing is searched), then the changed zone solved warm-started from those routes
 * with started and locked jobs pinned, as the live re-optimizer would. Both are measured against
 * the jobs' own windows by {@link PlanFigures}.
 */
final class Scenarios {

  static final String DEFAULT_OBJECTIVE = "min_duration";
  static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(2);
  static final Duration MAX_TIME_LIMIT = Duration.ofSeconds(30);

  /** Unassigned reasons the contract knows; a planner reason outside them reads as no driver. */
  private static final Set<String> REASONS =
      Set.of(
          "TIME_WINDOW",
          "CAPACITY",
          "SKILL",
          "SHIFT",
          "MAX_STOPS",
          "UNREACHABLE",
          "NO_DRIVER",
          "PAIR");

  private final MatrixProvider matrices;

  Scenarios(MatrixProvider matrices) {
    this.matrices = matrices;
  }

  SimulationResultData run(SimulationInput input) {
    long t0 = System.nanoTime();
    SimulationRequestData r = input.request().data(SimulationRequestData.class);
    ReoptimizeRequest zone = input.zone();
    String objective = r.objective() == null ? DEFAULT_OBJECTIVE : r.objective();

    Measured current = current(zone, input.pendingReasons(), objective);
    Measured scenario = scenario(zone, r, objective);
    return new SimulationResultData(
        r.runId(),
        r.zone(),
        "completed",
        objective,
        current.outcome(),
        scenario.outcome(),
        moves(current.outcome(), scenario.outcome()),
        scenario.plan().metric(),
        (System.nanoTime() - t0) / 1_000_000,
        null,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  /** A plan as published and as measured. */
  private record Measured(PlanData plan, Outcome outcome) {}

  /** The live routes as they stand, scheduled from the snapshot's moment; waiting jobs stay so. */
  private Measured current(
      ReoptimizeRequest zone, Map<String, String> pendingReasons, String objective) {
    Set<String> routed = new HashSet<>();
    zone.routes().values().forEach(routed::addAll);
    List<JobData> onRoutes = zone.jobs().stream().filter(j -> routed.contains(j.jobId())).toList();
    OptimizeRequestData asRun = asRun("current", objective, onRoutes, zone.drivers(), zone);
    ProblemMapper.Mapped mapped = ProblemMapper.mapLive(asRun, zone.requestedAt(), zone.pairs());
    Problem.Builder problem =
        Problem.builder().jobs(mapped.problem().jobs()).drivers(mapped.problem().drivers());
    // Every route as it stands, stop by stop (a pair's pickup where the driver has it).
    zone.refs()
        .forEach(
            (driver, refs) -> {
              if (!refs.isEmpty()) {
                problem.lock(driver, refs);
              }
            });
    SolveResult solved = solver(objective, Duration.ofSeconds(1), 0L).solve(problem.build());
    List<UnassignedJob> waiting = new ArrayList<>();
    for (JobData j : zone.jobs()) {
      if (!routed.contains(j.jobId())) {
        String reason = pendingReasons.get(j.jobId());
        waiting.add(new UnassignedJob(j.jobId(), REASONS.contains(reason) ? reason : "NO_DRIVER"));
      }
    }
    PlanData plan = PlanMapper.completed(asRun, mapped, solved, null);
    return new Measured(
        plan, PlanFigures.outcome(plan, solved.plan(), waiting, zone.jobs(), mapped));
  }

  /** The changed zone, solved warm from the current routes of the drivers it keeps. */
  private Measured scenario(ReoptimizeRequest zone, SimulationRequestData r, String objective) {
    Set<String> removed = new HashSet<>(r.removeDriverIds());
    List<DriverData> drivers = new ArrayList<>();
    zone.drivers().stream().filter(d -> !removed.contains(d.driverId())).forEach(drivers::add);
    drivers.addAll(r.addDrivers());
    List<JobData> jobs = new ArrayList<>(zone.jobs());
    jobs.addAll(r.addJobs());
    OptimizeRequestData asRun = asRun(r.runId(), objective, jobs, drivers, zone);
    ProblemMapper.Mapped mapped = ProblemMapper.mapLive(asRun, zone.requestedAt(), zone.pairs());
    Problem.Builder problem =
        Problem.builder().jobs(mapped.problem().jobs()).drivers(mapped.problem().drivers());
    zone.pinned()
        .forEach(
            (driver, jobIds) -> {
              if (!removed.contains(driver) && !jobIds.isEmpty()) {
                problem.lockJobs(driver, jobIds.toArray(String[]::new));
              }
            });
    Duration limit = DEFAULT_TIME_LIMIT;
    if (r.timeLimitS() != null) {
      limit =
          Duration.ofMillis(
              Math.round(Math.min(r.timeLimitS(), MAX_TIME_LIMIT.toSeconds()) * 1000));
    }
    long seed = r.seed() != null ? r.seed() : Integer.toUnsignedLong(r.runId().hashCode());
    SolveResult solved =
        solver(objective, ReoptimizeRunner.searchLimit(limit), seed)
            .solve(problem.build(), ReplanProblem.warmStart(zone, removed));
    PlanData plan = PlanMapper.completed(asRun, mapped, solved, seed);
    return new Measured(plan, PlanFigures.outcome(plan, solved.plan(), null, jobs, mapped));
  }

  private VrpSolver solver(String objective, Duration limit, long seed) {
    return VrpSolver.builder()
        .objective(ProblemMapper.objective(objective))
        .timeLimit(limit)
        .threads(1)
        .seed(seed)
        .matrices(matrices)
        .build();
  }

  private static OptimizeRequestData asRun(
      String runId,
      String objective,
      List<JobData> jobs,
      List<DriverData> drivers,
      ReoptimizeRequest zone) {
    return new OptimizeRequestData(
        runId,
        null,
        "plan",
        new OptimizeOptions(null, null, null, objective, null, null),
        jobs,
        drivers,
        zone.requestedAt());
  }

  /** Jobs whose driver differs between the two plans, in the scenario's job order. */
  static List<Move> moves(Outcome current, Outcome scenario) {
    Map<String, String> before = driverOf(current);
    Map<String, String> after = driverOf(scenario);
    Set<String> jobs = new LinkedHashSet<>(after.keySet());
    jobs.addAll(before.keySet());
    List<Move> moves = new ArrayList<>();
    for (String job : jobs) {
      if (!Objects.equals(before.get(job), after.get(job))) {
        moves.add(new Move(job, before.get(job), after.get(job)));
      }
    }
    return moves;
  }

  private static Map<String, String> driverOf(Outcome outcome) {
    Map<String, String> m = new LinkedHashMap<>();
    outcome.routes().forEach(r -> r.stops().forEach(s -> m.put(s.jobId(), r.driverId())));
    outcome.unassigned().forEach(u -> m.put(u.jobId(), null));
    return m;
  }
}
