package io.fleetstream.routing.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.ReasonCode;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.routing.model.UnassignedJob;
import io.fleetstream.routing.scoring.AssignmentRanking;
import io.fleetstream.routing.scoring.AssignmentScorer;
import io.fleetstream.routing.scoring.Candidate;
import io.fleetstream.routing.scoring.CandidateScore;
import io.fleetstream.routing.solver.internal.RouteSimulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drivers' breaks on a line from the depot at x=0 (travel time = distance): the simulator's timing,
 * the scorer's reason and the solver's plans, each plan checked by the independent checker.
 */
class BreaksTest {

  private static final Location DEPOT = Location.planar(0, 0);

  private static Driver.Builder driver(String id) {
    return Driver.builder(id).start(DEPOT).shift(0, 10_000).capacity(100);
  }

  /** a, b, c at x=100, 200, 300, 100 s of service each. */
  private static Problem line(Driver d, TimeWindow bWindow) {
    return Problem.builder()
        .driver(d)
        .job(Job.builder("a").stop(Location.planar(100, 0), 100).demand(1).build())
        .job(Job.builder("b").stop(Location.planar(200, 0), 100, bWindow).demand(1).build())
        .job(Job.builder("c").stop(Location.planar(300, 0), 100).demand(1).build())
        .build();
  }

  private static RouteSimulator.Simulation simulate(Problem p, Driver d, String... ids) {
    TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(p.locations());
    List<StopRef> refs = java.util.Arrays.stream(ids).map(StopRef::service).toList();
    return new RouteSimulator(p.jobsById(), m).run(d, refs);
  }

  private static List<Double> arrivals(Route r) {
    return r.stops().stream().map(RouteStop::arrival).toList();
  }

  @Test
  void arrivalsAfterABreakMidRouteAreLaterByItsDuration() {
    Driver rested = driver("d").build();
    // The window opens while a is served and closes before b would be left: taken after a.
    Driver tired = driver("d").breakAt(TimeWindow.of(250, 350), 600).build();
    Problem p = line(tired, TimeWindow.ALWAYS);

    RouteSimulator.Simulation without = simulate(p, rested, "a", "b", "c");
    RouteSimulator.Simulation with = simulate(p, tired, "a", "b", "c");

    assertThat(arrivals(without.route())).containsExactly(100.0, 300.0, 500.0);
    assertThat(with.feasible()).as(with.detail()).isTrue();
    assertThat(with.route().breakStarts()).containsExactly(250.0);
    // The driver stops 50 s into the drive to b: b and c (and the end) are 600 s later.
    assertThat(arrivals(with.route())).containsExactly(100.0, 900.0, 1_100.0);
    assertThat(with.route().end()).isEqualTo(without.route().end() + 600);
    assertThat(with.route().duration()).isEqualTo(1_500.0);
    Fixtures.assertFeasible(p, new Plan(List.of(with.route()), List.of()));
  }

  @Test
  void aBreakTakenWhileWaitingForAWindowDelaysNothing() {
    Driver tired = driver("d").breakAt(TimeWindow.of(250, 350), 600).build();
    Problem p = line(tired, TimeWindow.of(2_000, 3_000));

    RouteSimulator.Simulation with = simulate(p, tired, "a", "b", "c");

    assertThat(with.feasible()).as(with.detail()).isTrue();
    assertThat(with.route().breakStarts()).containsExactly(250.0);
    assertThat(with.route().stops().get(1).serviceStart()).isEqualTo(2_000.0);
    assertThat(with.route().stops().get(2).arrival()).isEqualTo(2_200.0);
    assertThat(with.route().end()).isEqualTo(2_600.0);
    Fixtures.assertFeasible(p, new Plan(List.of(with.route()), List.of()));
  }

  @Test
  void aBreakBeforeTheFirstStopLeavesWithTheDriverAsLateAsItsWindowAllows() {
    Job a = Job.builder("a").stop(Location.planar(100, 0), 10, TimeWindow.of(3_000, 4_000)).build();
    Driver roomy = driver("d").breakAt(TimeWindow.of(0, 5_000), 300).build();
    Driver early = driver("d").breakAt(TimeWindow.of(0, 1_000), 300).build();
    Problem p = Problem.builder().driver(roomy).job(a).build();

    Route r1 = simulate(p, roomy, "a").route();
    Route r2 = simulate(p, early, "a").route();

    // Leaves at 2,600, breaks until 2,900, there at 3,000.
    assertThat(r1.start()).isEqualTo(2_600.0);
    assertThat(r1.breakStarts()).containsExactly(2_600.0);
    assertThat(r1.stops().get(0).arrival()).isEqualTo(3_000.0);
    // The break must start by 1,000: leaves then, there at 1,400, waits until 3,000.
    assertThat(r2.start()).isEqualTo(1_000.0);
    assertThat(r2.breakStarts()).containsExactly(1_000.0);
    assertThat(r2.stops().get(0).serviceStart()).isEqualTo(3_000.0);
    Fixtures.assertFeasible(p, new Plan(List.of(r1), List.of()));
    Problem p2 = Problem.builder().driver(early).job(a).build();
    Fixtures.assertFeasible(p2, new Plan(List.of(r2), List.of()));
  }

  /** Service from 10 to 1,010 covers the whole break window [100, 200]. */
  private static Job straddling() {
    return Job.builder("long")
        .stop(Location.planar(10, 0), 1_000, TimeWindow.of(0, 50))
        .demand(1)
        .build();
  }

  private static Driver tired() {
    return driver("tired").breakAt(TimeWindow.of(100, 200), 300).build();
  }

  @Test
  void aServiceCoveringTheWholeBreakWindowIsInfeasibleWithBreak() {
    Problem p = Problem.builder().driver(tired()).job(straddling()).build();

    RouteSimulator.Simulation sim = simulate(p, tired(), "long");
    RouteSimulator.Simulation rested = simulate(p, driver("rested").build(), "long");

    assertThat(rested.feasible()).isTrue();
    assertThat(sim.feasible()).isFalse();
    assertThat(sim.failure()).isEqualTo(ReasonCode.BREAK);
  }

  @Test
  void theScorerReportsBreakForADriverWhoseBreakBlocksTheJob() {
    AssignmentScorer scorer =
        AssignmentScorer.builder().matrices(EuclideanMatrix.unitSpeed()).build();

    AssignmentRanking r =
        scorer.score(
            straddling(),
            List.of(Candidate.idle(tired()), Candidate.idle(driver("rested").build())),
            List.of());

    CandidateScore tired =
        r.ranked().stream().filter(s -> s.driverId().equals("tired")).findFirst().orElseThrow();
    assertThat(r.ranked().get(0).driverId()).isEqualTo("rested");
    assertThat(r.ranked().get(0).feasible()).isTrue();
    assertThat(tired.feasible()).isFalse();
    assertThat(tired.infeasibleReason()).isEqualTo(ReasonCode.BREAK);
  }

  private static VrpSolver solver() {
    return VrpSolver.builder()
        .objective(Objective.MIN_DURATION)
        .matrices(EuclideanMatrix.unitSpeed())
        .geometry(RouteGeometry.NONE)
        .iterations(200)
        .timeLimit(Duration.ofMinutes(1))
        .threads(2)
        .seed(1)
        .build();
  }

  /** The straddling job and three open jobs at x=100, 200, 300 for the given drivers. */
  private static Problem withJobs(Driver... drivers) {
    Problem.Builder b = Problem.builder();
    for (Driver d : drivers) b.driver(d);
    b.job(straddling());
    for (int i = 1; i <= 3; i++) {
      b.job(Job.builder("j" + i).stop(Location.planar(100 * i, 0), 60).demand(1).build());
    }
    return b.build();
  }

  @Test
  void aJobTheOnlyDriversBreakBlocksIsUnassignedWithBreak() {
    Problem p = withJobs(tired());

    Plan plan = solver().solve(p).plan();

    Fixtures.assertFeasible(p, plan);
    assertThat(plan.unassigned())
        .extracting(UnassignedJob::jobId, UnassignedJob::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("long", ReasonCode.BREAK));
    Route r = plan.routeOf("tired").orElseThrow();
    assertThat(r.refs()).extracting(StopRef::jobId).containsExactlyInAnyOrder("j1", "j2", "j3");
    assertThat(r.breakStarts()).hasSize(1);
    assertThat(r.breakStarts().get(0)).isBetween(100.0, 200.0);
  }

  @Test
  void aJobTheBreakBlocksGoesToTheDriverWithoutABreak() {
    // The rested driver starts 40 away from the job: the tired one would be nearer without break.
    Driver rested = driver("rested").start(Location.planar(10, 40)).build();
    Problem p = withJobs(tired(), rested);

    Plan plan = solver().solve(p).plan();

    Fixtures.assertFeasible(p, plan);
    assertThat(plan.unassigned()).isEmpty();
    assertThat(plan.routeOf("rested").orElseThrow().refs())
        .extracting(StopRef::jobId)
        .contains("long");
    plan.routeOf("tired")
        .ifPresent(
            r -> {
              assertThat(r.refs()).extracting(StopRef::jobId).doesNotContain("long");
              assertThat(r.breakStarts()).hasSize(1);
            });
  }

  @Test
  void twoJobsTheBreakKeepsApartGoToDifferentDrivers() {
    // Each fits the tired driver alone, both only without the break: early is served 10-110, then
    // the break (100-200, 300 s) must come before late could start by 150. The rested driver is
    // 45 away and has time for one of them only, so jsprit, which cannot see breaks, would give
    // both to the tired one.
    Job early =
        Job.builder("early").stop(Location.planar(10, 0), 100, TimeWindow.of(0, 50)).build();
    Job late =
        Job.builder("late").stop(Location.planar(10, 0), 100, TimeWindow.of(100, 150)).build();
    Driver rested = driver("rested").start(Location.planar(10, 45)).shift(0, 200).build();
    Problem.Builder b = Problem.builder().driver(tired()).driver(rested).job(early).job(late);
    for (int i = 1; i <= 3; i++) {
      b.job(Job.builder("j" + i).stop(Location.planar(100 * i, 0), 60).demand(1).build());
    }
    Problem p = b.build();

    Plan plan = solver().solve(p).plan();

    Fixtures.assertFeasible(p, plan);
    assertThat(plan.unassigned()).isEmpty();
    assertThat(plan.routeOf("tired").orElseThrow().refs())
        .extracting(StopRef::jobId)
        .filteredOn(id -> id.equals("early") || id.equals("late"))
        .hasSize(1);
  }
}
