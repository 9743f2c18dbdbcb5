package io.fleetstream.routing.solomon;

import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.SolverConfig;
import io.fleetstream.routing.solver.VrpSolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Solves benchmark instances (Solomon, Gehring–Homberger, Li & Lim) under the usual hierarchical
 * objective: fewest vehicles first (a vehicle costs far more than any distance it can save), then
 * total Euclidean distance.
 */
public final class SolomonSolver {

  /** Cost of one vehicle in distance units: above any distance saving on a 100 × 100 grid. */
  public static final double VEHICLE_COST = 10_000;

  private final VrpSolver solver;

  public SolomonSolver(SolverConfig config) {
    this.solver =
        VrpSolver.builder()
            .config(
                config
                    .withObjective(Objective.MIN_DISTANCE)
                    .withVehicleCost(VEHICLE_COST)
                    .withFillTimeLimit(true))
            .matrices(EuclideanMatrix.unitSpeed())
            .geometry(RouteGeometry.NONE)
            .build();
  }

  /**
   * Time-limited solve with the derived, reproducible iteration budget (see {@link SolverConfig}).
   */
  public static SolomonSolver withTimeLimit(Duration limit, long seed) {
    return new SolomonSolver(SolverConfig.defaults().withTimeLimit(limit).withSeed(seed));
  }

  public SolveResult solveToResult(BenchmarkInstance instance) {
    return solver.solve(instance.toProblem());
  }

  public SolomonSolution solve(BenchmarkInstance instance) {
    return summarize(instance, solveToResult(instance));
  }

  public static SolomonSolution summarize(BenchmarkInstance instance, SolveResult result) {
    Plan plan = result.plan();
    List<List<Integer>> routes = new ArrayList<>();
    for (Route r : plan.routes()) {
      if (r.stops().isEmpty()) continue;
      List<Integer> seq = new ArrayList<>();
      for (RouteStop s : r.stops()) seq.add(instance.taskNumber(s));
      routes.add(seq);
    }
    return new SolomonSolution(
        instance.name(),
        routes.size(),
        plan.totalDistance(),
        plan.unassigned().size(),
        result.elapsedMillis(),
        routes,
        result.iterations(),
        result.stoppedBy().name().toLowerCase());
  }
}
