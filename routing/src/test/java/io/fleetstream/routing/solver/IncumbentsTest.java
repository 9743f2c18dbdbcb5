package io.fleetstream.routing.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Incumbents;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A re-plan pays for each job it gives to another driver, so it moves only what is worth it. */
class IncumbentsTest {

  private static VrpSolver solver(int iterations, long seed) {
    return VrpSolver.builder()
        .matrices(EuclideanMatrix.unitSpeed())
        .geometry(RouteGeometry.NONE)
        .iterations(iterations)
        .timeLimit(Duration.ofMinutes(1))
        .threads(1)
        .seed(seed)
        .build();
  }

  @Test
  void aMoveCostKeepsJobsWithTheirDriversAndEveryMoveItMakesPaysForItself() {
    Problem fresh = Fixtures.solomon("R101").toProblem();
    Plan current = solver(15, 1).solve(fresh).plan();
    Map<String, String> driverOf = driverOf(current);

    Plan free = solver(300, 2).solve(fresh, current).plan();
    SolveResult costly = solver(300, 2).solve(withIncumbents(fresh, driverOf, 2), current);
    SolveResult frozen = solver(300, 2).solve(withIncumbents(fresh, driverOf, 1e6), current);

    int freeMoves = moves(free, driverOf);
    int costlyMoves = moves(costly.plan(), driverOf);
    assertThat(freeMoves).as("a re-plan free to move jobs moves many").isGreaterThan(20);
    assertThat(costlyMoves)
        .as("at 2 per move (R101's legs are 5 to 50), those that pay")
        .isPositive()
        .isLessThan(freeMoves / 2);
    assertThat(duration(costly.plan()))
        .as("and the routes still improve")
        .isLessThan(duration(current));
    assertThat(moves(frozen.plan(), driverOf)).as("at a million per move, none").isZero();
    Fixtures.assertFeasible(fresh, costly.plan());
    Fixtures.assertFeasible(fresh, frozen.plan());
    assertThat(costly.plan().unassigned()).hasSameSizeAs(current.unassigned());
    assertThat(frozen.plan().unassigned())
        .as("dropping a job never beats moving it")
        .hasSameSizeAs(current.unassigned());
    // The reported cost is the routes' plus the moves: the plan paid for each move it made.
    assertThat(costly.cost())
        .isCloseTo(
            duration(costly.plan()) + 2.0 * costlyMoves,
            org.assertj.core.api.Assertions.within(1e-6));
    assertThat(costly.cost()).isLessThanOrEqualTo(costly.warmStartCost());
  }

  @Test
  void aMoveCostMustBeFiniteAndNotNegative() {
    assertThatThrownBy(() -> Incumbents.of(Map.of("1", "v1"), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("moveCost");
    assertThatThrownBy(() -> Incumbents.of(Map.of("1", "v1"), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Incumbents.of(Map.of("1", "v1"), 5).costOf("1", "v2")).isEqualTo(5);
    assertThat(Incumbents.of(Map.of("1", "v1"), 5).costOf("1", "v1")).isZero();
    assertThat(Incumbents.of(Map.of("1", "v1"), 5).costOf("2", "v2")).isZero();
  }

  private static Problem withIncumbents(Problem p, Map<String, String> driverOf, double cost) {
    return Problem.builder()
        .jobs(p.jobs())
        .drivers(p.drivers())
        .incumbents(Incumbents.of(driverOf, cost))
        .build();
  }

  private static Map<String, String> driverOf(Plan plan) {
    Map<String, String> m = new HashMap<>();
    for (Route r : plan.routes()) {
      for (RouteStop s : r.stops()) m.put(s.jobId(), r.driverId());
    }
    return m;
  }

  private static int moves(Plan plan, Map<String, String> before) {
    int n = 0;
    for (Route r : plan.routes()) {
      for (RouteStop s : r.stops()) {
        if (before.containsKey(s.jobId()) && !before.get(s.jobId()).equals(r.driverId())) n++;
      }
    }
    return n;
  }

  private static double duration(Plan plan) {
    return plan.routes().stream()
        .filter(r -> !r.stops().isEmpty())
        .mapToDouble(Route::duration)
        .sum();
  }
}
