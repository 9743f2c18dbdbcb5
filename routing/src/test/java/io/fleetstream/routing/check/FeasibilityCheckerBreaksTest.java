package io.fleetstream.routing.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.check.Violation.Kind;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.model.TimeWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-made plans for a driver with one break: depot at x=0, one job at x=100 served 100 s (travel
 * time = distance), back at the depot. Without the break: there at 100, served until 200, back at
 * 300.
 */
class FeasibilityCheckerBreaksTest {

  private static final Location DEPOT = Location.planar(0, 0);
  private static final Location X100 = Location.planar(100, 0);

  private static Problem problem(TimeWindow breakWindow) {
    return Problem.builder()
        .driver(
            Driver.builder("d")
                .start(DEPOT)
                .shift(0, 5_000)
                .capacity(10)
                .breakAt(breakWindow, 300)
                .build())
        .job(Job.builder("a").stop(X100, 100).demand(1).build())
        .build();
  }

  private static Plan plan(double arrival, double end, List<Double> breakStarts) {
    RouteStop a = new RouteStop("a", StopType.SERVICE, X100, arrival, arrival, arrival + 100);
    return new Plan(
        List.of(new Route("d", 0, List.of(a), end, 200, end, "euclidean", "", breakStarts)),
        List.of());
  }

  private static FeasibilityReport check(Problem p, Plan plan) {
    return new FeasibilityChecker(EuclideanMatrix.unitSpeed().matrix(p.locations())).check(p, plan);
  }

  @Test
  void aPlanIgnoringADueBreakIsReportedAsBreakMissed() {
    Problem p = problem(TimeWindow.of(0, 1_000));

    FeasibilityReport ignoring = check(p, plan(100, 300, List.of()));

    assertThat(ignoring.has(Kind.BREAK_MISSED)).as(ignoring.toString()).isTrue();
    // The same route with the break after the service, before driving back, is fine.
    FeasibilityReport taken = check(p, plan(100, 600, List.of(200.0)));
    assertThat(taken.feasible()).as(taken.toString()).isTrue();
  }

  @Test
  void aBreakOutsideItsWindowDuringServiceOrWithoutTimeToDriveIsReported() {
    Problem p = problem(TimeWindow.of(0, 1_000));

    assertThat(check(p, plan(100, 1_500, List.of(1_100.0))).has(Kind.BREAK_MISSED)).isTrue();
    assertThat(check(p, plan(100, 600, List.of(150.0))).has(Kind.BREAK_OVERLAP)).isTrue();
    // On a break from 0 to 300 the driver cannot be at x=100 at 100.
    assertThat(check(p, plan(100, 600, List.of(0.0))).has(Kind.SCHEDULE)).isTrue();
    // ... but at 400, or back at 600 with the break on the way back.
    assertThat(check(p, plan(400, 600, List.of(0.0))).feasible()).isTrue();
    assertThat(check(p, plan(100, 600, List.of(250.0))).feasible()).isTrue();
    assertThat(check(p, plan(100, 599, List.of(250.0))).has(Kind.SCHEDULE)).isTrue();
  }

  @Test
  void aBreakOpeningAfterTheRouteEndsNeedNotBeTaken() {
    FeasibilityReport late = check(problem(TimeWindow.of(301, 1_000)), plan(100, 300, List.of()));
    FeasibilityReport open = check(problem(TimeWindow.of(300, 1_000)), plan(100, 300, List.of()));

    assertThat(late.feasible()).as(late.toString()).isTrue();
    assertThat(open.has(Kind.BREAK_MISSED)).isTrue();
  }
}
