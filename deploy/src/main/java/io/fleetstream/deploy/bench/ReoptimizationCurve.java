package io.fleetstream.deploy.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.jobs.optimize.ReoptimizeRunner;
import io.fleetstream.routing.check.FeasibilityChecker;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.road.RoadSolveBenchmark;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.VrpSolver;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long re-optimizing a zone takes as the zone grows, the way the dispatch job does it: the
 * zone's current plan (here: what a construction-only solve gives, a stand-in for the plan live
 * decisions built up) is the warm start, the road matrix is computed, and the search runs with the
 * production time budget.
 */
public final class ReoptimizationCurve {

  /** One zone size. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({
    "jobs",
    "drivers",
    "matrix_ms",
    "solve_ms",
    "total_ms",
    "current_cost",
    "new_cost",
    "improvement_percent",
    "feasible"
  })
  public record Point(
      int jobs,
      int drivers,
      long matrixMs,
      long solveMs,
      long totalMs,
      double currentCost,
      double newCost,
      double improvementPercent,
      boolean feasible) {}

  private final RoadNetwork road;
  private final Duration budget;
  private final PrintStream progress;

  public ReoptimizationCurve(RoadNetwork road, Duration budget, PrintStream progress) {
    this.road = road;
    this.budget = budget;
    this.progress = progress;
  }

  public List<Point> run(List<Integer> sizes, long seed) {
    List<Point> points = new ArrayList<>();
    for (int jobs : sizes) {
      int drivers = Math.max(2, jobs / 10);
      progress.printf("  zone of %,d jobs and %d drivers ...%n", jobs, drivers);
      Problem problem = RoadSolveBenchmark.problem(road, jobs, drivers, seed);
      // What the zone's plan looks like before re-optimization: a construction without search.
      SolveResult current =
          VrpSolver.builder()
              .objective(Objective.MIN_DURATION)
              .iterations(1)
              .seed(seed)
              .matrices(road)
              .build()
              .solve(problem);
      long t0 = System.nanoTime();
      TravelMatrix matrix = road.matrix(problem.locations());
      long matrixMs = (System.nanoTime() - t0) / 1_000_000;
      // As in the stream's re-optimizer, the budget covers the whole run: the matrix, the search
      // and what follows it.
      Duration search = ReoptimizeRunner.searchLimit(budget).minusMillis(matrixMs);
      search = search.toMillis() < 1 ? Duration.ofMillis(1) : search;
      SolveResult better =
          VrpSolver.builder()
              .objective(Objective.MIN_DURATION)
              .timeLimit(search)
              .seed(seed)
              .threads(
                  DispatchJobConfig.defaults()
                      .solverThreads()) // what the dispatch job gives a re-solve
              .matrices(p -> matrix)
              .build()
              .solve(problem, current.plan());
      long totalMs = (System.nanoTime() - t0) / 1_000_000;
      double was = better.warmStartCost() != null ? better.warmStartCost() : current.cost();
      boolean feasible = new FeasibilityChecker(matrix).check(problem, better.plan()).feasible();
      Point p =
          new Point(
              jobs,
              drivers,
              matrixMs,
              better.elapsedMillis(),
              totalMs,
              Math.round(was),
              Math.round(better.cost()),
              Math.round(1000 * (was - better.cost()) / was) / 10.0,
              feasible);
      progress.printf(
          "    matrix %,d ms, search %,d ms, %.1f %% cheaper than before, feasible %s%n",
          p.matrixMs(), p.solveMs(), p.improvementPercent(), p.feasible());
      points.add(p);
    }
    return points;
  }
}
