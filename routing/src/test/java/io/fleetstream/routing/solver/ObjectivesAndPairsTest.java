package io.fleetstream.routing.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.model.TimeWindow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectivesAndPairsTest {

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

  /** Ten jobs on a line from the depot: one driver doing all is shortest, two drivers is even. */
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
  void minDurationServesTheLineWithOneRoute() {
    Problem p = lineWithTwoDrivers();

    SolveResult r = solver(Objective.MIN_DURATION).solve(p);

    Fixtures.assertFeasible(p, r.plan());
    assertThat(r.plan().vehiclesUsed()).isEqualTo(1);
    assertThat(r.plan().totalDuration()).isEqualTo(300.0);
  }

  @Test
  void balancedSplitsTheLineIntoTwoEvenRoutes() {
    Problem p = lineWithTwoDrivers();

    SolveResult r = solver(Objective.BALANCED).solve(p);

    Fixtures.assertFeasible(p, r.plan());
    assertThat(r.plan().vehiclesUsed()).isEqualTo(2);
    List<Double> durations = r.plan().routes().stream().map(Route::duration).toList();
    assertThat(Math.abs(durations.get(0) - durations.get(1)))
        .isLessThanOrEqualTo(0.2 * Math.max(durations.get(0), durations.get(1)));
  }

  @Test
  void eachObjectiveWinsOnItsOwnMeasure() {
    // Jobs with staggered windows: the shortest tour waits a lot, the quickest one drives more.
    java.util.Random rnd = new java.util.Random(5);
    Problem.Builder b =
        Problem.builder()
            .driver(Driver.builder("d").start(Location.planar(0, 0)).shift(0, 10_000).build());
    for (int i = 0; i < 8; i++) {
      double open = rnd.nextInt(400);
      b.job(
          Job.builder("j" + i)
              .stop(
                  Location.planar(rnd.nextInt(100), rnd.nextInt(100)),
                  5,
                  TimeWindow.of(open, open + 150))
              .build());
    }
    Problem p = b.build();

    SolveResult dist = solver(Objective.MIN_DISTANCE).solve(p);
    SolveResult dur = solver(Objective.MIN_DURATION).solve(p);

    Fixtures.assertFeasible(p, dist.plan());
    Fixtures.assertFeasible(p, dur.plan());
    assertThat(dist.plan().totalDistance()).isLessThanOrEqualTo(dur.plan().totalDistance() + 1e-9);
    assertThat(dur.plan().totalDuration()).isLessThanOrEqualTo(dist.plan().totalDuration() + 1e-9);
    assertThat(dist.plan().routes().get(0).stops())
        .isNotEqualTo(dur.plan().routes().get(0).stops());
  }

  @Test
  void aDriverWhoseFirstStopOpensLateLeavesLateInsteadOfWaiting() {
    Problem p =
        Problem.builder()
            .driver(Driver.builder("d").start(Location.planar(0, 0)).shift(0, 10_000).build())
            .job(
                Job.builder("late")
                    .stop(Location.planar(30, 0), 10, TimeWindow.of(500, 600))
                    .build())
            .build();

    Route r = solver(Objective.MIN_DURATION).solve(p).plan().routes().get(0);

    assertThat(r.start()).isEqualTo(470.0);
    assertThat(r.stops().get(0).arrival()).isEqualTo(500.0);
    assertThat(r.duration()).isEqualTo(70.0);
    Fixtures.assertFeasible(p, new io.fleetstream.routing.model.Plan(List.of(r), List.of()));
  }

  @Test
  void pairsArePickedUpBeforeTheyAreDroppedOffOnOneRoute() {
    Problem.Builder b = Problem.builder();
    for (String d : List.of("a", "b")) {
      b.driver(Driver.builder(d).start(Location.planar(50, 50)).shift(0, 5000).capacity(2).build());
    }
    for (int i = 0; i < 8; i++) {
      b.job(
          Job.builder("p" + i)
              .pickup(Location.planar(10 * i, 0), 5)
              .dropoff(Location.planar(10 * i, 100), 5)
              .demand(1)
              .build());
    }
    Problem p = b.build();

    SolveResult r = solver(Objective.MIN_DISTANCE).solve(p);

    Fixtures.assertFeasible(p, r.plan());
    assertThat(r.plan().unassigned()).isEmpty();
    long pickups =
        r.plan().routes().stream()
            .flatMap(x -> x.stops().stream())
            .filter(s -> s.type() == StopType.PICKUP)
            .count();
    assertThat(pickups).isEqualTo(8);
  }

  @Test
  void aLaterTimeWindowIsUsedWhenTheFirstHasClosed() {
    Problem p =
        Problem.builder()
            .driver(Driver.builder("d").start(Location.planar(0, 0)).shift(0, 2000).build())
            .job(
                Job.builder("two-windows")
                    .stop(
                        Location.planar(100, 0), 10, TimeWindow.of(0, 50), TimeWindow.of(500, 600))
                    .build())
            .build();

    SolveResult r = solver(Objective.MIN_DURATION).solve(p);

    Fixtures.assertFeasible(p, r.plan());
    assertThat(r.plan().routes().get(0).stops().get(0).serviceStart()).isEqualTo(500.0);
  }

  @Test
  void roadRoutesCarryAPolylineAndTheirMetric() {
    Problem p =
        Problem.builder()
            .driver(
                Driver.builder("d").start(new Location(43.7396, 7.4278)).shift(0, 20_000).build())
            .job(Job.builder("x").stop(new Location(43.7275, 7.4155), 60).build())
            .build();

    SolveResult r = VrpSolver.builder().iterations(5).threads(1).build().solve(p);

    Route route = r.plan().routes().get(0);
    assertThat(route.metric()).isEqualTo("haversine");
    assertThat(route.polyline()).isNotEmpty();
  }
}
