package io.fleetstream.routing.solver.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
