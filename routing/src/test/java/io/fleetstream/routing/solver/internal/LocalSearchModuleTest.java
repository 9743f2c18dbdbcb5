package io.fleetstream.routing.solver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.solomon.SolomonInstance;
import io.fleetstream.routing.solomon.SolomonSolution;
import io.fleetstream.routing.solomon.SolomonSolver;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.SolverConfig;
import io.fleetstream.routing.solver.StopCriterion;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The local search inside jsprit's iterations: on the same iteration budget and seed (so both runs
 * are reproducible), a Solomon instance comes out shorter with it than without, still feasible by
 * the independent checker and with every customer served.
 */
class LocalSearchModuleTest {

  private static SolverConfig budget() {
    return SolverConfig.defaults()
        .withTimeLimit(Duration.ofMinutes(5))
        .withIterations(200)
        .withSeed(1)
        .withThreads(1);
  }

  @Test
  void theSameBudgetGivesAShorterPlan() {
    SolomonInstance rc101 = Fixtures.solomon("RC101");

    SolveResult with = new SolomonSolver(budget()).solveToResult(rc101);
    SolveResult without;
    System.setProperty(SearchWorker.LOCAL_SEARCH_PROPERTY, "false");
    try {
      without = new SolomonSolver(budget()).solveToResult(rc101);
    } finally {
      System.clearProperty(SearchWorker.LOCAL_SEARCH_PROPERTY);
    }

    assertThat(with.stoppedBy()).isEqualTo(StopCriterion.ITERATIONS);
    Fixtures.assertFeasible(rc101.toProblem(), with.plan());
    SolomonSolution a = SolomonSolver.summarize(rc101, with);
    SolomonSolution b = SolomonSolver.summarize(rc101, without);
    assertThat(a.unassigned()).isZero();
    // The benchmarks' hierarchical cost: fewer vehicles first, then distance.
    assertThat(a.vehicles() * SolomonSolver.VEHICLE_COST + a.distance())
        .as(
            "with (%d vehicles, %.1f) vs without (%d, %.1f)",
            a.vehicles(), a.distance(), b.vehicles(), b.distance())
        .isLessThan(b.vehicles() * SolomonSolver.VEHICLE_COST + b.distance());
  }
}
