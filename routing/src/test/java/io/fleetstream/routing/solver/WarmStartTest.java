package io.fleetstream.routing.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.routing.solomon.SolomonInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WarmStartTest {

  private static VrpSolver solver(int iterations, long seed) {
    return VrpSolver.builder()
        .matrices(EuclideanMatrix.unitSpeed())
        .geometry(RouteGeometry.NONE)
        .vehicleCost(1000)
        .iterations(iterations)
        .timeLimit(Duration.ofMinutes(1))
        .threads(2)
        .seed(seed)
        .build();
  }

  @ParameterizedTest
  @ValueSource(longs = {5, 6, 7})
  void aWarmStartNeverComesBackWorseThanThePlanGivenIn(long seed) {
    Problem p = Fixtures.solomon("RC101").toProblem();
    SolveResult good = solver(400, 1).solve(p);

    SolveResult again = solver(3, seed).solve(p, good.plan());

    Fixtures.assertFeasible(p, again.plan());
    assertThat(again.cost()).isLessThanOrEqualTo(good.cost());
    assertThat(again.plan().unassigned()).hasSameSizeAs(good.plan().unassigned());
  }

  @Test
  void aWarmStartImprovesAPoorPlan() {
    Problem p = Fixtures.solomon("R101").toProblem();
    SolveResult poor = solver(2, 1).solve(p);

    SolveResult better = solver(300, 1).solve(p, poor.plan());

    Fixtures.assertFeasible(p, better.plan());
    assertThat(better.cost()).isLessThan(poor.cost());
    assertThat(better.warmStartKept()).isFalse();
  }

  @Test
  void aStalePlanIsRepairedNotTrusted() {
    SolomonInstance c101 = Fixtures.solomon("C101");
    Problem original = c101.toProblem();
    Plan plan = solver(100, 1).solve(original).plan();
    // Since the plan was made: job 1 now has to be served before anyone can reach it, and the
    // plan mentions a job that no longer exists.
    List<Job> jobs = new ArrayList<>();
    for (Job j : original.jobs()) {
      jobs.add(
          j.id().equals("1")
              ? Job.builder("1")
                  .stop(j.stop().location(), 90, TimeWindow.of(0, 1))
                  .demand(10)
                  .build()
              : j);
    }
    Problem changed = Problem.builder().jobs(jobs).drivers(original.drivers()).build();
    List<Route> routes = new ArrayList<>(plan.routes());
    Route first = routes.get(0);
    List<RouteStop> stops = new ArrayList<>(first.stops());
    stops.add(new RouteStop("gone", StopType.SERVICE, Location.planar(1, 1), 0, 0, 0));
    routes.set(
        0,
        new Route(
            first.driverId(),
            first.start(),
            stops,
            first.end(),
            first.distance(),
            first.duration(),
            "",
            ""));

    SolveResult r = solver(20, 1).solve(changed, new Plan(routes, plan.unassigned()));

    Fixtures.assertFeasible(changed, r.plan());
    assertThat(r.plan().unassigned()).extracting(u -> u.jobId()).containsExactly("1");
  }
}
