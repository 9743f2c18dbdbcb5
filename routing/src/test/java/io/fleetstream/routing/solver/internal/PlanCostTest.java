package io.fleetstream.routing.solver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.solver.SolverConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanCostTest {

  private static final List<Location> POINTS =
      List.of(Location.planar(0, 0), Location.planar(10, 0), Location.planar(30, 0));
  private static final TravelMatrix MATRIX = EuclideanMatrix.unitSpeed().matrix(POINTS);

  private static PlanCost cost(Objective o, int drivers) {
    return new PlanCost(SolverConfig.defaults().withObjective(o), Map.of(), 1, drivers, MATRIX);
  }

  /** A route through the given points with the given duration (the schedule does not matter). */
  private static Route route(String driver, double duration, Location... stops) {
    List<RouteStop> s =
        java.util.Arrays.stream(stops)
            .map(l -> new RouteStop("j" + l, StopType.SERVICE, l, 0, 0, 0))
            .toList();
    return new Route(driver, 0, s, duration, 0, duration, "euclidean", "");
  }

  @Test
  void minMaxAddsTheLongestRouteTimesOneHundredPerDriver() {
    List<Route> routes =
        List.of(route("a", 100, POINTS.get(1)), route("b", 300, POINTS.get(2), POINTS.get(1)));

    assertThat(cost(Objective.MIN_MAX, 2).of(routes, List.of())).isEqualTo(400 + 200 * 300.0);
    assertThat(cost(Objective.MIN_DURATION, 2).of(routes, List.of())).isEqualTo(400.0);
  }

  @Test
  void minMaxDistanceAddsTheLongestRouteInMetresNotInSeconds() {
    // a: 100 s over 500 m, b: 300 s over 200 m; the longest in metres is a's.
    List<Route> routes = List.of(costed("a", 500, 100), costed("b", 200, 300));

    assertThat(cost(Objective.MIN_MAX_DISTANCE, 2).of(routes, List.of()))
        .isEqualTo(700 + 200 * 500.0);
  }

  @Test
  void avoidTourOverlapAddsEachRoutesSecondsFromItsMedoid() {
    // Stops at x = 0, 10, 30: from 10 the others are 10 + 20 = 30 away, from 0 40, from 30 50.
    Route r = route("a", 100, POINTS.get(0), POINTS.get(2), POINTS.get(1));

    assertThat(cost(Objective.AVOID_TOUR_OVERLAP, 2).of(List.of(r), List.of())).isEqualTo(130.0);
    assertThat(cost(Objective.AVOID_TOUR_OVERLAP, 2).routeCost(route("b", 50, POINTS.get(2))))
        .isEqualTo(50.0);
  }

  @Test
  void aMissingJobOutweighsWhatServingItCanAddToTheMakespanTerm() {
    var p =
        io.fleetstream.routing.model.Problem.builder()
            .driver(
                io.fleetstream.routing.model.Driver.builder("a")
                    .start(POINTS.get(0))
                    .shift(0, 1000)
                    .build())
            .driver(
                io.fleetstream.routing.model.Driver.builder("b")
                    .start(POINTS.get(0))
                    .shift(0, 1000)
                    .build())
            .job(io.fleetstream.routing.model.Job.builder("x").stop(POINTS.get(2), 5).build())
            .build();
    SolverConfig c = SolverConfig.defaults();

    double plain = PlanCost.unassignedUnit(p, MATRIX, c);
    double minMax = PlanCost.unassignedUnit(p, MATRIX, c.withObjective(Objective.MIN_MAX));

    // Serving x alone: a 70 s route (60 s there and back, 5 s service), costing 70 + 200 × 70.
    assertThat(minMax).isGreaterThan(70 + 200 * 70.0);
    assertThat(minMax).isGreaterThan(plain * 200);
  }

  private static Route costed(String driver, double metres, double seconds) {
    return new Route(
        driver,
        0,
        List.of(new RouteStop("j", StopType.SERVICE, POINTS.get(1), 0, 0, 0)),
        seconds,
        metres,
        seconds,
        "euclidean",
        "");
  }

  @Test
  void minCostChargesFixedPlusPerKmPlusPerHourOfEachRoutesDriver() {
    var van =
        io.fleetstream.routing.model.Driver.builder("van")
            .start(POINTS.get(0))
            .costs(25, 0.5, 18)
            .build();
    var bare = io.fleetstream.routing.model.Driver.builder("bare").start(POINTS.get(0)).build();
    var fixedOnly =
        io.fleetstream.routing.model.Driver.builder("fixedOnly")
            .start(POINTS.get(0))
            .costs(7, 0, 0)
            .build();
    PlanCost c =
        new PlanCost(
            SolverConfig.defaults().withObjective(Objective.MIN_COST),
            Map.of(),
            1,
            MATRIX,
            List.of(van, bare, fixedOnly));

    // 12.4 km in 2 h 30: 25 + 0.5 × 12.4 + 18 × 2.5 = 76.2
    assertThat(c.routeCost(costed("van", 12_400, 9000))).isCloseTo(76.2, within(1e-9));
    // No variable costs: 1 per hour of duration (+ the fixed cost if any), distance free.
    assertThat(c.routeCost(costed("bare", 12_400, 9000))).isCloseTo(2.5, within(1e-9));
    assertThat(c.routeCost(costed("fixedOnly", 12_400, 9000))).isCloseTo(9.5, within(1e-9));
    // An unused route costs nothing, not even the fixed cost.
    assertThat(c.routeCost(new Route("van", 0, List.of(), 0, 0, 0, "euclidean", ""))).isZero();
    assertThat(c.of(List.of(costed("van", 12_400, 9000), costed("bare", 12_400, 9000)), List.of()))
        .isCloseTo(78.7, within(1e-9));
    // The global vehicle cost comes on top per used route.
    PlanCost withVehicleCost =
        new PlanCost(
            SolverConfig.defaults().withObjective(Objective.MIN_COST).withVehicleCost(3),
            Map.of(),
            1,
            MATRIX,
            List.of(van));
    assertThat(withVehicleCost.routeCost(costed("van", 12_400, 9000)))
        .isCloseTo(79.2, within(1e-9));
  }

  @Test
  void driverCostsMustBeFiniteAndNotNegative() {
    var b = io.fleetstream.routing.model.Driver.builder("d").start(POINTS.get(0));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.costs(-1, 0, 0).build())
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.costs(0, Double.NaN, 0).build())
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> b.costs(0, 0, Double.POSITIVE_INFINITY).build())
        .isInstanceOf(IllegalArgumentException.class);
    var d = b.costs(1, 2, 3).build();
    assertThat(List.of(d.fixedCost(), d.costPerKm(), d.costPerHour()))
        .containsExactly(1.0, 2.0, 3.0);
  }

  @Test
  void aMissingJobOutweighsWhatServingItCanCostTheDearestDriver() {
    var p =
        io.fleetstream.routing.model.Problem.builder()
            .driver(
                io.fleetstream.routing.model.Driver.builder("a")
                    .start(POINTS.get(0))
                    .shift(0, 1000)
                    .costs(50, 2, 36)
                    .build())
            .driver(
                io.fleetstream.routing.model.Driver.builder("b")
                    .start(POINTS.get(0))
                    .shift(0, 1000)
                    .build())
            .job(io.fleetstream.routing.model.Job.builder("j").stop(POINTS.get(2), 100).build())
            .build();
    double unit =
        PlanCost.unassignedUnit(
            p, MATRIX, SolverConfig.defaults().withObjective(Objective.MIN_COST));
    // Longest cell 30 m / 30 s, horizon 1000 s, service 2 × 100 s, for the dearest driver "a":
    // 50 + 2 × 4 × 30 / 1000 + 36 × (4 × 30 + 1000 + 200) / 3600 + 1 = 64.44
    assertThat(unit).isCloseTo(50 + 0.24 + 13.2 + 1, within(1e-9));
  }
}
