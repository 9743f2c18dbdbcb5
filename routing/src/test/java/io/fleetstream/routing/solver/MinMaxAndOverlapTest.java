package io.fleetstream.routing.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinMaxAndOverlapTest {

  private static VrpSolver solver(Objective o) {
    return VrpSolver.builder()
        .objective(o)
        .matrices(EuclideanMatrix.unitSpeed())
        .geometry(RouteGeometry.NONE)
        .iterations(200)
        .timeLimit(Duration.ofMinutes(1))
        .threads(2)
        .seed(1)
        .build();
  }

  private static double longest(Plan plan) {
    return plan.routes().stream().mapToDouble(Route::duration).max().orElse(0);
  }

  /** Ten jobs on a line from the depot (as in ObjectivesAndPairsTest): one driver is shortest. */
  private static Problem lineWithTwoDrivers() {
    Problem.Builder b = Problem.builder();
    for (String d : List.of("a", "b")) {
      b.driver(
          Driver.builder(d).start(Location.planar(0, 0)).shift(0, 10_000).capacity(100).build());
    }
    for (int i = 1; i <= 10; i++)
      b.job(Job.builder("j" + i).stop(Location.planar(10 * i, 0), 10).demand(1).build());
    return b.build();
  }

  @Test
  void minMaxShortensTheLongestRouteThatMinDurationBuilds() {
    Problem p = lineWithTwoDrivers();

    Plan dur = solver(Objective.MIN_DURATION).solve(p).plan();
    Plan minMax = solver(Objective.MIN_MAX).solve(p).plan();

    Fixtures.assertFeasible(p, dur);
    Fixtures.assertFeasible(p, minMax);
    assertThat(dur.vehiclesUsed()).isEqualTo(1);
    assertThat(longest(dur)).isEqualTo(300.0);
    assertThat(minMax.unassigned()).isEmpty();
    assertThat(longest(minMax)).isLessThan(longest(dur));
    // By hand: the route that reaches j10 takes 200 s driving + 10 s per stop, one serving the
    // first k jobs takes 20k + 10k = 30k s; max(30k, 200 + 10 (10 - k)) is least at k = 7: 230 s.
    assertThat(longest(minMax)).isEqualTo(230.0);
    assertThat(minMax.totalDuration()).isEqualTo(440.0);
  }

  /**
   * Seven jobs at one place 10 from the depot, with service times 90, 60, 50, 40, 30, 20, 10 s (300
   * s in all), and three drivers.
   */
  private static Problem unevenWorkForThreeDrivers() {
    Problem.Builder b = Problem.builder();
    for (String d : List.of("a", "b", "c")) {
      b.driver(
          Driver.builder(d).start(Location.planar(0, 0)).shift(0, 10_000).capacity(100).build());
    }
    int[] service = {90, 60, 50, 40, 30, 20, 10};
    for (int i = 0; i < service.length; i++) {
      b.job(Job.builder("s" + service[i]).stop(Location.planar(10, 0), service[i]).build());
    }
    return b.build();
  }

  @Test
  void minMaxSplitsUnevenJobsSoTheLongestRouteIsAsShortAsPossible() {
    Problem p = unevenWorkForThreeDrivers();

    Plan dur = solver(Objective.MIN_DURATION).solve(p).plan();
    Plan minMax = solver(Objective.MIN_MAX).solve(p).plan();

    Fixtures.assertFeasible(p, dur);
    Fixtures.assertFeasible(p, minMax);
    assertThat(longest(dur)).isEqualTo(320.0); // one route: 20 s there and back + 300 s service
    assertThat(minMax.unassigned()).isEmpty();
    // By hand: every route drives 20 s, and 300 s of service over three routes is at least 100 on
    // one; {90, 10}, {60, 40}, {50, 30, 20} reach it, so the longest route is 120 s.
    assertThat(minMax.vehiclesUsed()).isEqualTo(3);
    assertThat(longest(minMax)).isEqualTo(120.0);
    assertThat(minMax.totalDuration()).isEqualTo(360.0);
  }
}
