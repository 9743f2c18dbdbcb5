package io.fleetstream.routing.road;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.StopCriterion;
import io.fleetstream.routing.solver.VrpSolver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A problem past the solver's large-problem threshold (200 jobs, 20 drivers on the Monaco roads),
 * where the search runs with its own ruin sizes, best-insertion construction and core states.
 */
class LargeRoadSolveTest {

  private static SolveResult solve(Problem p, TravelMatrix m, long seed) {
    return VrpSolver.builder()
        .objective(Objective.MIN_DURATION)
        .matrices(points -> m)
        .geometry(RouteGeometry.NONE)
        .iterations(250)
        .timeLimit(Duration.ofMinutes(2))
        .threads(2)
        .seed(seed)
        .build()
        .solve(p);
  }

  private static Map<String, List<String>> routes(SolveResult r) {
    return r.plan().routes().stream()
        .collect(
            Collectors.toMap(
                Route::driverId, route -> route.stops().stream().map(RouteStop::jobId).toList()));
  }

  @Test
  void twoParallelWorkersGiveTheSamePlanForTheSameSeedAndEveryPlanIsFeasible() {
    RoadNetwork net = MonacoFixture.network();
    Problem p = RoadSolveBenchmark.problem(net, 200, 20, 11);
    TravelMatrix m = net.matrix(p.locations());

    SolveResult a = solve(p, m, 3);
    SolveResult b = solve(p, m, 3);

    assertThat(a.stoppedBy()).isEqualTo(StopCriterion.ITERATIONS);
    Fixtures.assertFeasible(p, a.plan(), points -> m);
    Fixtures.assertFeasible(p, b.plan(), points -> m);
    assertThat(routes(b)).isEqualTo(routes(a));
    assertThat(b.cost()).isEqualTo(a.cost());
    // Two-hour windows over an eight-hour day with 20 drivers: everyone is served.
    assertThat(a.plan().unassigned()).isEmpty();
  }
}
