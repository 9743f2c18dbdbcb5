package io.fleetstream.routing.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.check.Violation.Kind;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.ReasonCode;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.routing.model.UnassignedJob;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-made plans on a line: the depot at x=0, jobs at x=10, 20, 30 (travel time = distance). One
 * correct plan, then one broken rule at a time.
 */
class FeasibilityCheckerTest {

  private static final Location DEPOT = Location.planar(0, 0);
  private static final Location X10 = Location.planar(10, 0);
  private static final Location X20 = Location.planar(20, 0);
  private static final Location X30 = Location.planar(30, 0);

  private static Problem problem(Driver driver) {
    return Problem.builder()
        .driver(driver)
        .job(Job.builder("a").stop(X10, 5, TimeWindow.of(0, 100)).demand(2).build())
        .job(Job.builder("b").stop(X20, 5, TimeWindow.of(0, 100)).demand(3).skills("lift").build())
        .job(Job.builder("p").pickup(X30, 0).dropoff(X10, 0).demand(4).build())
        .build();
  }

  private static Driver.Builder driver() {
    return Driver.builder("d").start(DEPOT).shift(0, 200).capacity(10).skills("lift");
  }

  /**
   * a at 10, b at 25, pickup p at 40, dropoff p at 60, back at 70 after 60 units of distance; load
   * 5 → 3 → 0 → 4 → 0.
   */
  private static List<RouteStop> goodStops() {
    return List.of(
        new RouteStop("a", StopType.SERVICE, X10, 10, 10, 15),
        new RouteStop("b", StopType.SERVICE, X20, 25, 25, 30),
        new RouteStop("p", StopType.PICKUP, X30, 40, 40, 40),
        new RouteStop("p", StopType.DROPOFF, X10, 60, 60, 60));
  }

  private static Plan plan(List<RouteStop> stops, double end, double distance) {
    return new Plan(
        List.of(new Route("d", 0, stops, end, distance, end, "euclidean", "")), List.of());
  }

  private static FeasibilityReport check(Problem p, Plan plan) {
    return new FeasibilityChecker(EuclideanMatrix.unitSpeed().matrix(p.locations())).check(p, plan);
  }

  @Test
  void acceptsACorrectPlan() {
    FeasibilityReport r = check(problem(driver().build()), plan(goodStops(), 70, 60));

    assertThat(r.feasible()).as(r.toString()).isTrue();
  }

  @Test
  void measuresTheDistanceItselfNotTheOneTheRouteReports() {
    FeasibilityReport honest = check(problem(driver().build()), plan(goodStops(), 70, 60));
    FeasibilityReport flattering = check(problem(driver().build()), plan(goodStops(), 70, 40));

    assertThat(honest.distance()).isEqualTo(60);
    assertThat(flattering.distance()).isEqualTo(60);
    assertThat(flattering.has(Kind.DISTANCE)).isTrue();
  }

  @Test
  void rejectsServiceAfterTheWindowCloses() {
    Problem p =
        Problem.builder()
            .driver(driver().build())
            .job(Job.builder("a").stop(X10, 5, TimeWindow.of(0, 8)).build())
            .build();
    Plan plan = plan(List.of(new RouteStop("a", StopType.SERVICE, X10, 10, 10, 15)), 25, 20);

    assertThat(check(p, plan).has(Kind.TIME_WINDOW)).isTrue();
  }

  @Test
  void rejectsAnArrivalFasterThanTheRoadAllows() {
    List<RouteStop> stops = new java.util.ArrayList<>(goodStops());
    stops.set(0, new RouteStop("a", StopType.SERVICE, X10, 4, 4, 9));

    assertThat(check(problem(driver().build()), plan(stops, 70, 60)).has(Kind.SCHEDULE)).isTrue();
  }

  @Test
  void rejectsALoadAboveCapacity() {
    FeasibilityReport r = check(problem(driver().capacity(4).build()), plan(goodStops(), 70, 60));

    assertThat(r.has(Kind.CAPACITY)).isTrue();
  }

  @Test
  void rejectsADriverWithoutTheSkill() {
    FeasibilityReport r =
        check(
            problem(Driver.builder("d").start(DEPOT).shift(0, 200).capacity(10).build()),
            plan(goodStops(), 70, 60));

    assertThat(r.has(Kind.SKILL)).isTrue();
  }

  @Test
  void rejectsARouteThatEndsAfterTheShift() {
    FeasibilityReport r = check(problem(driver().shift(0, 65).build()), plan(goodStops(), 70, 60));

    assertThat(r.has(Kind.SHIFT)).isTrue();
  }

  @Test
  void rejectsADropoffBeforeItsPickup() {
    List<RouteStop> stops =
        List.of(
            new RouteStop("p", StopType.DROPOFF, X10, 10, 10, 10),
            new RouteStop("a", StopType.SERVICE, X10, 10, 10, 15),
            new RouteStop("b", StopType.SERVICE, X20, 25, 25, 30),
            new RouteStop("p", StopType.PICKUP, X30, 40, 40, 40));

    assertThat(check(problem(driver().build()), plan(stops, 70, 60)).has(Kind.PAIR_ORDER)).isTrue();
  }

  @Test
  void rejectsAPairSplitAcrossRoutes() {
    Problem p =
        Problem.builder()
            .driver(driver().build())
            .driver(Driver.builder("e").start(DEPOT).shift(0, 200).capacity(10).build())
            .job(Job.builder("p").pickup(X30, 0).dropoff(X10, 0).demand(1).build())
            .build();
    Plan plan =
        new Plan(
            List.of(
                new Route(
                    "d",
                    0,
                    List.of(new RouteStop("p", StopType.PICKUP, X30, 30, 30, 30)),
                    60,
                    60,
                    60,
                    "",
                    ""),
                new Route(
                    "e",
                    0,
                    List.of(new RouteStop("p", StopType.DROPOFF, X10, 10, 10, 10)),
                    20,
                    20,
                    20,
                    "",
                    "")),
            List.of());

    assertThat(check(p, plan).has(Kind.PAIR_SPLIT)).isTrue();
  }

  @Test
  void rejectsAJobThatIsNeitherRoutedNorReported() {
    List<RouteStop> stops = goodStops().subList(0, 1);

    FeasibilityReport r = check(problem(driver().build()), plan(stops, 20, 20));

    assertThat(r.has(Kind.JOB_MISSING)).isTrue();
  }

  @Test
  void rejectsAJobVisitedTwiceOrBothRoutedAndUnassigned() {
    List<RouteStop> stops = new java.util.ArrayList<>(goodStops());
    stops.add(new RouteStop("a", StopType.SERVICE, X10, 70, 70, 75));
    Plan twice = plan(stops, 85, 80);
    Plan both =
        new Plan(
            plan(goodStops(), 70, 60).routes(),
            List.of(new UnassignedJob("a", ReasonCode.SKILL, "")));

    assertThat(check(problem(driver().build()), twice).has(Kind.DUPLICATE_STOP)).isTrue();
    assertThat(check(problem(driver().build()), both).has(Kind.ASSIGNED_AND_UNASSIGNED)).isTrue();
  }

  @Test
  void rejectsMoreStopsThanAllowed() {
    assertThat(
            check(problem(driver().maxStops(3).build()), plan(goodStops(), 70, 60))
                .has(Kind.MAX_STOPS))
        .isTrue();
  }

  @Test
  void rejectsALockedStopThatMoved() {
    Problem p =
        Problem.builder()
            .driver(driver().build())
            .job(Job.builder("a").stop(X10, 5, TimeWindow.of(0, 100)).demand(2).build())
            .job(
                Job.builder("b")
                    .stop(X20, 5, TimeWindow.of(0, 100))
                    .demand(3)
                    .skills("lift")
                    .build())
            .job(Job.builder("p").pickup(X30, 0).dropoff(X10, 0).demand(4).build())
            .lockJobs("d", "b")
            .build();

    assertThat(check(p, plan(goodStops(), 70, 60)).has(Kind.LOCK)).isTrue();
  }

  @Test
  void rejectsAMisreportedDistance() {
    assertThat(check(problem(driver().build()), plan(goodStops(), 70, 50)).has(Kind.DISTANCE))
        .isTrue();
  }
}
