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
import io.fleetstream.routing.model.RouteStop;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

  private static Set<String> jobsOf(Route r) {
    return r.stops().stream().map(RouteStop::jobId).collect(Collectors.toSet());
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

  private static double longestDistance(Plan plan) {
    return plan.routes().stream().mapToDouble(Route::distance).max().orElse(0);
  }

  /**
   * Three jobs 100 east of the depot and three 100 north, two drivers: one route through both
   * places drives 100 + 141.4 + 100, two routes 200 each.
   */
  private static Problem eastAndNorthWithTwoDrivers() {
    Problem.Builder b = Problem.builder();
    for (String d : List.of("a", "b")) {
      b.driver(
          Driver.builder(d).start(Location.planar(0, 0)).shift(0, 10_000).capacity(100).build());
    }
    for (int i = 0; i < 3; i++) {
      b.job(Job.builder("e" + i).stop(Location.planar(100, i), 5).build());
      b.job(Job.builder("n" + i).stop(Location.planar(i, 100), 5).build());
    }
    return b.build();
  }

  @Test
  void minMaxDistanceSplitsTheRouteThatMinDistanceDrivesThroughBothPlaces() {
    Problem p = eastAndNorthWithTwoDrivers();

    Plan distance = solver(Objective.MIN_DISTANCE).solve(p).plan();
    Plan minMax = solver(Objective.MIN_MAX_DISTANCE).solve(p).plan();

    Fixtures.assertFeasible(p, distance);
    Fixtures.assertFeasible(p, minMax);
    assertThat(distance.vehiclesUsed()).isEqualTo(1);
    assertThat(longestDistance(distance)).isGreaterThan(340.0);
    assertThat(minMax.unassigned()).isEmpty();
    assertThat(minMax.vehiclesUsed()).isEqualTo(2);
    // Each route to its place and back, along its three stops 1 apart: 100 + 2 + 102.
    assertThat(longestDistance(minMax)).isLessThan(205.0);
  }

  @Test
  void minMaxDistanceWeighsKilometresNotServiceTime() {
    Problem p = unevenWorkForThreeDrivers();

    Plan minMax = solver(Objective.MIN_MAX_DISTANCE).solve(p).plan();

    Fixtures.assertFeasible(p, minMax);
    assertThat(minMax.unassigned()).isEmpty();
    // Every route to the one place drives 20 however the service is split, so the longest route
    // in distance cannot get shorter and the total decides: one route, where min_max (by
    // duration, above) uses three.
    assertThat(minMax.vehiclesUsed()).isEqualTo(1);
    assertThat(longestDistance(minMax)).isEqualTo(20.0);
  }

  /**
   * Two clusters of six jobs, west around (-100, 0) and east around (100, 0), each with three jobs
   * at its top (y = 20..25) and three at its bottom (y = -20..-25). Two drivers with room for six
   * jobs each cross the map on diagonals: a from (-200, 40) to (200, -40) passes the west cluster
   * at its top and the east one at its bottom, b from (-200, -40) to (200, 40) the other way round.
   * Minimum duration serves each job from the driver passing by it, so both routes take half of
   * each cluster and their boxes cover the same ground; a driver per cluster means zigzags of about
   * 45 s through its cluster, far less than the spread saved (three stops about 200 s from the
   * route's medoid, on each route).
   */
  private static Problem twoClustersTwoCrossingDrivers() {
    Problem.Builder b =
        Problem.builder()
            .driver(
                Driver.builder("a")
                    .start(Location.planar(-200, 40))
                    .end(Location.planar(200, -40))
                    .shift(0, 10_000)
                    .capacity(6)
                    .build())
            .driver(
                Driver.builder("b")
                    .start(Location.planar(-200, -40))
                    .end(Location.planar(200, 40))
                    .shift(0, 10_000)
                    .capacity(6)
                    .build());
    double[][] offsets = {{-15, 20}, {0, 25}, {15, 20}, {-15, -20}, {0, -25}, {15, -20}};
    for (String side : List.of("w", "e")) {
      double cx = side.equals("w") ? -100 : 100;
      for (int i = 0; i < offsets.length; i++) {
        b.job(
            Job.builder(side + i)
                .stop(Location.planar(cx + offsets[i][0], offsets[i][1]), 10)
                .demand(1)
                .build());
      }
    }
    return b.build();
  }

  @Test
  void avoidTourOverlapGivesEachDriverOneClusterWhereMinDurationInterleaves() {
    Problem p = twoClustersTwoCrossingDrivers();

    Plan dur = solver(Objective.MIN_DURATION).solve(p).plan();
    Plan apart = solver(Objective.AVOID_TOUR_OVERLAP).solve(p).plan();

    Fixtures.assertFeasible(p, dur);
    Fixtures.assertFeasible(p, apart);
    assertThat(dur.unassigned()).isEmpty();
    assertThat(apart.unassigned()).isEmpty();
    Set<String> west = Set.of("w0", "w1", "w2", "w3", "w4", "w5");
    Set<String> east = Set.of("e0", "e1", "e2", "e3", "e4", "e5");
    // Minimum duration mixes the clusters on its routes, and their boxes overlap.
    assertThat(dur.routes()).allSatisfy(r -> assertThat(jobsOf(r)).isNotIn(west, east));
    assertThat(dur.boundingBoxOverlap()).isGreaterThan(0);
    // Avoiding overlap: one route per cluster, boxes apart.
    assertThat(apart.routes()).hasSize(2);
    assertThat(apart.routes().stream().map(MinMaxAndOverlapTest::jobsOf).toList())
        .containsExactlyInAnyOrder(west, east);
    assertThat(apart.boundingBoxOverlap()).isZero();
    assertThat(apart.boundingBoxOverlap()).isLessThan(dur.boundingBoxOverlap());
  }
}
