package io.fleetstream.routing.road;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fleetstream.routing.check.FeasibilityChecker;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.VrpSolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A delivery day on a real road network: random jobs (service 5–15 min, two-hour windows over an
 * eight-hour day) and drivers starting from random road points, solved under a short and a long
 * time limit (after {@value #WARM_UP_SOLVES} unmeasured warm-up solves) to show how much of the
 * long run's quality the short one reaches.
 */
public final class RoadSolveBenchmark {

  /** One solve: its limit, cost, and the plan's shape. */
  @JsonPropertyOrder({
    "time_limit_ms",
    "elapsed_ms",
    "cost",
    "vehicles",
    "unassigned",
    "feasible",
    "stopped_by",
    "iterations"
  })
  public record Run(
      @JsonProperty("time_limit_ms") long timeLimitMs,
      @JsonProperty("elapsed_ms") long elapsedMs,
      double cost,
      long vehicles,
      int unassigned,
      boolean feasible,
      @JsonProperty("stopped_by") String stoppedBy,
      long iterations) {}

  /** Both solves and the short one's cost gap to the long one, in percent. */
  public record Result(
      int jobs,
      int drivers,
      @JsonProperty("matrix_ms") long matrixMs,
      List<Run> runs,
      @JsonProperty("gap_percent") double gapPercent) {}

  /** Unmeasured solves (at the short limit) before the measured ones. */
  static final int WARM_UP_SOLVES = 3;

  private RoadSolveBenchmark() {}

  public static Result run(
      RoadNetwork net, int jobs, int drivers, long seed, Duration shortLimit, Duration longLimit) {
    Problem p = problem(net, jobs, drivers, seed);
    long t0 = System.nanoTime();
    TravelMatrix m = net.matrix(p.locations());
    long matrixMs = (System.nanoTime() - t0) / 1_000_000;
    // The solver runs inside a long-lived service: warm the JIT up (unmeasured short solves,
    // drawing their routes on the roads as the measured ones do) so the short run measures
    // search, not class loading and compilation. One 2 s solve was not enough: the next one
    // still ran 40 % fewer iterations than the third (200 jobs / 20 drivers).
    for (int w = 1; w <= WARM_UP_SOLVES; w++) {
      VrpSolver.builder()
          .objective(Objective.MIN_DURATION)
          .timeLimit(shortLimit)
          .seed(seed + w)
          .matrices(points -> m)
          .geometry(net)
          .build()
          .solve(p);
    }
    List<Run> runs = new ArrayList<>();
    for (Duration limit : List.of(shortLimit, longLimit)) {
      SolveResult r =
          VrpSolver.builder()
              .objective(Objective.MIN_DURATION)
              .timeLimit(limit)
              .seed(seed)
              .matrices(points -> m)
              .geometry(net)
              .build()
              .solve(p);
      boolean ok = new FeasibilityChecker(m).check(p, r.plan()).feasible();
      runs.add(
          new Run(
              limit.toMillis(),
              r.elapsedMillis(),
              r.cost(),
              r.plan().vehiclesUsed(),
              r.plan().unassigned().size(),
              ok,
              r.stoppedBy().name().toLowerCase(),
              r.iterations()));
    }
    double gap = 100 * (runs.get(0).cost() / runs.get(1).cost() - 1);
    return new Result(jobs, drivers, matrixMs, runs, gap);
  }

  /** The benchmark's problem: reproducible from the seed. */
  public static Problem problem(RoadNetwork net, int jobs, int drivers, long seed) {
    Random rnd = new Random(seed);
    List<Location> pts = MatrixBenchmark.randomRoadPoints(net, jobs + drivers, seed);
    Problem.Builder b = Problem.builder();
    for (int d = 0; d < drivers; d++) {
      b.driver(
          Driver.builder("driver-" + d)
              .start(pts.get(jobs + d))
              .shift(0, 8 * 3600)
              .capacity(2 * jobs / drivers)
              .build());
    }
    for (int j = 0; j < jobs; j++) {
      double open = rnd.nextInt(6) * 3600;
      b.job(
          Job.builder("job-" + j)
              .stop(pts.get(j), 300 + rnd.nextInt(601), TimeWindow.of(open, open + 2 * 3600))
              .demand(1)
              .build());
    }
    return b.build();
  }
}
