package io.fleetstream.routing.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.ReasonCode;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.routing.model.UnassignedJob;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each reason code comes out of the smallest problem that provokes it. */
class ReasonCodeTest {

  private static final Location DEPOT = Location.planar(0, 0);

  private static Driver.Builder driver(String id) {
    return Driver.builder(id).start(DEPOT).shift(0, 1000).capacity(10);
  }

  private static Job.Builder job(String id, double x, double y) {
    return Job.builder(id).stop(Location.planar(x, y), 5).demand(1);
  }

  private static SolveResult solve(Problem p, MatrixProvider matrices) {
    SolveResult r =
        VrpSolver.builder()
            .matrices(matrices)
            .geometry(RouteGeometry.NONE)
            .iterations(40)
            .timeLimit(Duration.ofSeconds(30))
            .threads(1)
            .seed(3)
            .build()
            .solve(p);
    Fixtures.assertFeasible(p, r.plan(), matrices);
    return r;
  }

  private static SolveResult solve(Problem p) {
    return solve(p, EuclideanMatrix.unitSpeed());
  }

  private static List<ReasonCode> reasons(SolveResult r) {
    return r.plan().unassigned().stream().map(UnassignedJob::reason).toList();
  }

  @Test
  void aWindowThatClosesBeforeAnyDriverCanArriveIsTimeWindow() {
    Problem p =
        Problem.builder()
            .driver(driver("d").build())
            .job(Job.builder("late").stop(Location.planar(100, 0), 5, TimeWindow.of(0, 50)).build())
            .build();

    assertThat(reasons(solve(p))).containsExactly(ReasonCode.TIME_WINDOW);
  }

  @Test
  void twoJobsWantedAtTheSameMomentFarApartLeaveOneOnTimeWindow() {
    Problem p =
        Problem.builder()
            .driver(driver("d").build())
            .job(
                Job.builder("east")
                    .stop(Location.planar(100, 0), 5, TimeWindow.of(100, 100))
                    .build())
            .job(
                Job.builder("west")
                    .stop(Location.planar(-100, 0), 5, TimeWindow.of(100, 100))
                    .build())
            .build();

    SolveResult r = solve(p);

    assertThat(r.plan().routes()).hasSize(1);
    assertThat(reasons(r)).containsExactly(ReasonCode.TIME_WINDOW);
  }

  @Test
  void demandAboveEveryCapacityIsCapacity() {
    Problem p =
        Problem.builder()
            .driver(driver("d").capacity(3).build())
            .job(job("big", 10, 0).demand(5).build())
            .build();

    assertThat(reasons(solve(p))).containsExactly(ReasonCode.CAPACITY);
  }

  @Test
  void aSecondDimensionThatDoesNotFitIsCapacity() {
    Problem p =
        Problem.builder()
            .driver(driver("d").capacity(10, 1).build())
            .job(job("a", 10, 0).demand(1, 1).build())
            .job(job("b", 12, 0).demand(1, 1).build())
            .build();

    SolveResult r = solve(p);

    assertThat(reasons(r)).containsExactly(ReasonCode.CAPACITY);
  }

  @Test
  void aMissingSkillIsSkill() {
    Problem p =
        Problem.builder()
            .driver(driver("d").skills("electric").build())
            .job(job("gas-leak", 10, 0).skills("gas").build())
            .build();

    assertThat(reasons(solve(p))).containsExactly(ReasonCode.SKILL);
  }

  @Test
  void aJobThatCannotBeFinishedBeforeTheShiftEndsIsShift() {
    Problem p =
        Problem.builder()
            .driver(driver("d").shift(0, 150).build())
            .job(Job.builder("far").stop(Location.planar(100, 0), 10).build())
            .build();

    assertThat(reasons(solve(p))).containsExactly(ReasonCode.SHIFT);
  }

  @Test
  void aFullRouteIsMaxStops() {
    Problem p =
        Problem.builder()
            .driver(driver("d").maxStops(1).build())
            .job(job("a", 10, 0).build())
            .job(job("b", 20, 0).build())
            .build();

    SolveResult r = solve(p);

    assertThat(r.plan().routes().get(0).stops()).hasSize(1);
    assertThat(reasons(r)).containsExactly(ReasonCode.MAX_STOPS);
  }

  @Test
  void aPointNoRoadConnectsIsUnreachable() {
    Location island = Location.planar(50, 50);
    MatrixProvider withIsland =
        points -> {
          TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(points);
          int n = m.size();
          double[] t = new double[n * n];
          double[] d = new double[n * n];
          int cut = points.indexOf(island);
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              boolean blocked = i != j && (i == cut || j == cut);
              t[i * n + j] = blocked ? Double.POSITIVE_INFINITY : m.seconds(i, j);
              d[i * n + j] = blocked ? Double.POSITIVE_INFINITY : m.metres(i, j);
            }
          }
          var metrics = new io.fleetstream.routing.matrix.Metric[n];
          Arrays.fill(metrics, io.fleetstream.routing.matrix.Metric.ROAD);
          return new TravelMatrix(points, t, d, metrics);
        };
    Problem p =
        Problem.builder()
            .driver(driver("d").build())
            .job(Job.builder("island").stop(island, 5).build())
            .job(job("mainland", 10, 0).build())
            .build();

    SolveResult r = solve(p, withIsland);

    assertThat(reasons(r)).containsExactly(ReasonCode.UNREACHABLE);
    assertThat(r.plan().routes().get(0).stops())
        .extracting(s -> s.jobId())
        .containsExactly("mainland");
  }

  @Test
  void noDriverAtAllIsNoDriver() {
    Problem p = Problem.builder().job(job("a", 10, 0).build()).build();

    assertThat(reasons(solve(p))).containsExactly(ReasonCode.NO_DRIVER);
  }

  @Test
  void aServiceCoveringTheOnlyDriversWholeBreakWindowIsBreak() {
    // Served 10-510 (it must start by 50), while the break must start in [100, 200].
    Problem p =
        Problem.builder()
            .driver(driver("d").breakAt(TimeWindow.of(100, 200), 60).build())
            .job(
                Job.builder("long").stop(Location.planar(10, 0), 500, TimeWindow.of(0, 50)).build())
            .build();

    assertThat(reasons(solve(p))).containsExactly(ReasonCode.BREAK);
  }

  @Test
  void everyReasonCodeIsCoveredByThisClass() {
    assertThat(ReasonCode.values()).hasSize(8);
    assertThat(ReasonCode.values()[ReasonCode.values().length - 1]).isEqualTo(ReasonCode.BREAK);
  }
}
