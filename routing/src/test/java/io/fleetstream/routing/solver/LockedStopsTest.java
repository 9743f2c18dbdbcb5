package io.fleetstream.routing.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.TimeWindow;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LockedStopsTest {

  /** 40 scattered jobs (a few pairs), 3 drivers; the locks are deliberately poor choices. */
  static Problem problemWithLocks() {
    Random rnd = new Random(11);
    Problem.Builder b = Problem.builder();
    for (String d : List.of("a", "b", "c")) {
      b.driver(
          Driver.builder(d).start(Location.planar(50, 50)).shift(0, 2000).capacity(30).build());
    }
    for (int i = 0; i < 36; i++) {
      double start = rnd.nextInt(600);
      b.job(
          Job.builder("j" + i)
              .stop(
                  Location.planar(rnd.nextInt(100), rnd.nextInt(100)),
                  10,
                  TimeWindow.of(start, start + 400))
              .demand(1 + rnd.nextInt(3))
              .build());
    }
    for (int i = 0; i < 4; i++) {
      b.job(
          Job.builder("p" + i)
              .pickup(Location.planar(rnd.nextInt(100), rnd.nextInt(100)), 5)
              .dropoff(Location.planar(rnd.nextInt(100), rnd.nextInt(100)), 5)
              .demand(2)
              .build());
    }
    b.lockJobs("a", "j0", "j17", "p2"); // far apart: the optimizer would never choose this order
    b.lock("b", List.of(StopRef.service("j5")));
    return b.build();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void lockedStopsStayFirstAndInOrderWhateverTheSeed(long seed) {
    Problem p = problemWithLocks();

    SolveResult r =
        VrpSolver.builder()
            .matrices(EuclideanMatrix.unitSpeed())
            .geometry(RouteGeometry.NONE)
            .iterations(150)
            .timeLimit(Duration.ofMinutes(1))
            .threads(2)
            .seed(seed)
            .build()
            .solve(p);

    Fixtures.assertFeasible(p, r.plan());
    assertThat(r.plan().routeOf("a").orElseThrow().refs())
        .startsWith(
            StopRef.service("j0"),
            StopRef.service("j17"),
            StopRef.pickup("p2"),
            StopRef.dropoff("p2"));
    assertThat(r.plan().routeOf("b").orElseThrow().refs()).startsWith(StopRef.service("j5"));
    assertThat(r.plan().unassigned()).isEmpty();
  }

  @Test
  void aLockedStopIsKeptEvenWhenItIsTheOnlyStopOfItsDriver() {
    Problem p =
        Problem.builder()
            .driver(Driver.builder("solo").start(Location.planar(0, 0)).shift(0, 1000).build())
            .job(Job.builder("x").stop(Location.planar(10, 0), 1).build())
            .lockJobs("solo", "x")
            .build();

    SolveResult r =
        VrpSolver.builder()
            .matrices(EuclideanMatrix.unitSpeed())
            .iterations(5)
            .threads(1)
            .build()
            .solve(p);

    assertThat(r.plan().routeOf("solo").orElseThrow().refs()).containsExactly(StopRef.service("x"));
    Fixtures.assertFeasible(p, r.plan());
  }
}
