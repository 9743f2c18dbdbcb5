package io.fleetstream.routing.solomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.SolverConfig;
import io.fleetstream.routing.solver.StopCriterion;
import io.fleetstream.routing.solver.VrpSolver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SolomonSolverTest {

  private static SolverConfig iterations(int n, long seed) {
    return SolverConfig.defaults()
        .withTimeLimit(Duration.ofMinutes(5))
        .withIterations(n)
        .withSeed(seed)
        .withThreads(2);
  }

  @Test
  void c101ReachesTheBestKnownSolution() {
    SolomonInstance c101 = Fixtures.solomon("C101");

    SolveResult result = new SolomonSolver(iterations(300, 1)).solveToResult(c101);
    SolomonSolution s = SolomonSolver.summarize(c101, result);

    Fixtures.assertFeasible(c101.toProblem(), result.plan());
    assertThat(s.unassigned()).isZero();
    assertThat(s.vehicles()).isEqualTo(10);
    assertThat(s.distance()).isCloseTo(828.94, within(0.005));
    assertThat(s.routes().stream().mapToInt(java.util.List::size).sum()).isEqualTo(100);
  }

  @Test
  void theSameSeedGivesTheSameResult() {
    SolomonInstance r101 = Fixtures.solomon("R101");

    SolomonSolution a = new SolomonSolver(iterations(150, 42)).solve(r101);
    SolomonSolution b = new SolomonSolver(iterations(150, 42)).solve(r101);

    assertThat(a.stoppedBy()).isEqualTo(StopCriterion.ITERATIONS.name().toLowerCase());
    assertThat(b.routes()).isEqualTo(a.routes());
    assertThat(b.distance()).isEqualTo(a.distance());
    assertThat(b.vehicles()).isEqualTo(a.vehicles());
  }

  @Test
  void aTinyTimeLimitStillReturnsAFeasiblePlanAndSaysTheClockStoppedIt() {
    SolomonInstance rc101 = Fixtures.solomon("RC101");
    SolverConfig config =
        SolverConfig.defaults()
            .withTimeLimit(Duration.ofMillis(300))
            .withIterations(1_000_000)
            .withThreads(2);

    SolveResult result = new SolomonSolver(config).solveToResult(rc101);

    assertThat(result.stoppedBy()).isEqualTo(StopCriterion.TIME_LIMIT);
    Fixtures.assertFeasible(rc101.toProblem(), result.plan());
  }

  @Test
  void aTimeLimitedSolveUsesTheWholeLimitButAnExplicitBudgetStaysReproducible() {
    // 3 customers: the budget the limit derives (9,000 iterations) normally ends well before it.
    SolomonInstance full = Fixtures.solomon("C101");
    SolomonInstance c101 =
        new SolomonInstance(
            "C101-3", 2, full.capacity(), full.depot(), full.customers().subList(0, 3));
    SolverConfig limited =
        SolverConfig.defaults().withTimeLimit(Duration.ofMillis(1500)).withSeed(1).withThreads(1);
    VrpSolver withoutFill =
        VrpSolver.builder()
            .config(
                limited
                    .withObjective(Objective.MIN_DISTANCE)
                    .withVehicleCost(SolomonSolver.VEHICLE_COST))
            .matrices(EuclideanMatrix.unitSpeed())
            .geometry(RouteGeometry.NONE)
            .build();

    SolveResult budgetOnly = withoutFill.solve(c101.toProblem());
    SolveResult filled = new SolomonSolver(limited).solveToResult(c101);
    SolveResult explicit = new SolomonSolver(limited.withIterations(50)).solveToResult(c101);

    Fixtures.assertFeasible(c101.toProblem(), filled.plan());
    assertThat(filled.stoppedBy()).isEqualTo(StopCriterion.TIME_LIMIT);
    if (budgetOnly.elapsedMillis() < 1000) {
      // The case the option is for: the budget alone ended early; the filled solve went on.
      assertThat(filled.elapsedMillis()).isGreaterThanOrEqualTo(1300);
      assertThat(filled.iterations()).isGreaterThan(budgetOnly.iterations());
    } else {
      // A machine too busy to spend the budget early: there was little or nothing to fill.
      assertThat(filled.elapsedMillis()).isGreaterThanOrEqualTo(1000);
    }
    assertThat(explicit.stoppedBy()).isEqualTo(StopCriterion.ITERATIONS);
    assertThat(explicit.iterations()).isEqualTo(50);
  }
}
