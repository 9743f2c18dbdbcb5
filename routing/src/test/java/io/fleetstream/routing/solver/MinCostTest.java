package io.fleetstream.routing.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.TimeWindow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MIN_COST: the money of the routes from each driver's fixed, per-km and per-hour costs. */
class MinCostTest {

  private static VrpSolver solver(Objective o) {
    return VrpSolver.builder()
        .objective(o)
        .matrices(EuclideanMatrix.unitSpeed()) // 1 m per second
        .geometry(RouteGeometry.NONE)
        .iterations(200)
        .timeLimit(Duration.ofMinutes(1))
        .threads(2)
        .seed(1)
        .build();
  }

  private static List<Route> used(SolveResult r) {
    return r.plan().routes().stream().filter(x -> !x.stops().isEmpty()).toList();
  }

  /** Four jobs on a line 1..4 km from the depot, 60 s service each; one route serves them best. */
  private static Problem lineWithACheapAndAnExpensiveVan() {
    Problem.Builder b = Problem.builder();
    // The expensive van first, so that order alone would favour it.
    b.driver(
        Driver.builder("expensive")
            .start(Location.planar(0, 0))
            .shift(0, 100_000)
            .capacity(10)
            .costs(100, 1, 10)
            .build());
    b.driver(
        Driver.builder("cheap")
            .start(Location.planar(0, 0))
            .shift(0, 100_000)
            .capacity(10)
            .costs(10, 1, 10)
            .build());
    for (int i = 1; i <= 4; i++)
      b.job(Job.builder("j" + i).stop(Location.planar(1000 * i, 0), 60).demand(1).build());
    return b.build();
  }

  @Test
  void fixedCostsSendEveryJobToTheCheapVanAndTheCostIsTheMoney() {
    Problem p = lineWithACheapAndAnExpensiveVan();

    SolveResult r = solver(Objective.MIN_COST).solve(p);

    Fixtures.assertFeasible(p, r.plan());
    assertThat(r.plan().unassigned()).isEmpty();
    assertThat(used(r)).hasSize(1);
    Route route = used(r).get(0);
    assertThat(route.driverId()).isEqualTo("cheap");
    // Out to 4 km and back: 8 km, 8000 s driving + 4 × 60 s service = 8240 s.
    assertThat(route.distance()).isCloseTo(8000, within(1e-6));
    assertThat(route.duration()).isCloseTo(8240, within(1e-6));
    double money = 10 + 1 * 8.0 + 10 * 8240 / 3600.0;
    assertThat(r.cost()).isCloseTo(money, within(1e-6));
  }

  @Test
  void minDurationIgnoresTheMoneyAndReportsSeconds() {
    Problem p = lineWithACheapAndAnExpensiveVan();

    SolveResult r = solver(Objective.MIN_DURATION).solve(p);

    Fixtures.assertFeasible(p, r.plan());
    assertThat(used(r)).hasSize(1); // either van: both take 8240 s
    assertThat(r.cost()).isCloseTo(8240, within(1e-6));
  }

  /**
   * Two vans at one depot, each with fixed cost 100 (so splitting the two jobs costs 100 more):
   * "perKm" pays 1 per km and 30 per hour, "perHour" 20 per km and 1 per hour. j1 is 1 km out and
   * opens at 1000 s; j2 is 2 km out and opens at {@code secondOpens}. One route: 4 km.
   */
  private static Problem tradeOff(double secondOpens) {
    Problem.Builder b = Problem.builder();
    b.driver(
        Driver.builder("perKm")
            .start(Location.planar(0, 0))
            .shift(0, 100_000)
            .costs(100, 1, 30)
            .build());
    b.driver(
        Driver.builder("perHour")
            .start(Location.planar(0, 0))
            .shift(0, 100_000)
            .costs(100, 20, 1)
            .build());
    b.job(Job.builder("j1").stop(Location.planar(1000, 0), 0, new TimeWindow(1000, 1100)).build());
    b.job(
        Job.builder("j2")
            .stop(Location.planar(2000, 0), 0, new TimeWindow(secondOpens, secondOpens + 100))
            .build());
    return b.build();
  }

  @Test
  void longWaitsMakeHoursExpensiveSoTheVanCheapPerHourWins() {
    // Depart 0, j1 at 1000 s, j2 reached at 2000 s but opens at 10 000 s, back at 12 000 s.
    Problem p = tradeOff(10_000);

    SolveResult r = solver(Objective.MIN_COST).solve(p);

    Fixtures.assertFeasible(p, r.plan());
    assertThat(used(r)).hasSize(1);
    Route route = used(r).get(0);
    assertThat(route.driverId()).isEqualTo("perHour");
    assertThat(route.distance()).isCloseTo(4000, within(1e-6));
    assertThat(route.duration()).isCloseTo(12_000, within(1e-6));
    double perHour = 100 + 20 * 4 + 1 * 12_000 / 3600.0; // 183.33
    double perKm = 100 + 1 * 4 + 30 * 12_000 / 3600.0; // 204
    assertThat(r.cost()).isCloseTo(perHour, within(1e-6));
    assertThat(perKm).isGreaterThan(perHour);
    // Splitting costs a second fixed cost: j1 alone on perKm (2 km, 2000 s) + j2 on perHour.
    double split = (100 + 2 + 30 * 2000 / 3600.0) + (100 + 20 * 4 + 4000 / 3600.0);
    assertThat(split).isGreaterThan(perHour);
  }

  @Test
  void withoutWaitsDistanceDominatesSoTheVanCheapPerKmWins() {
    // Same vans and places, j2 opens when the driver gets there: 4 km in 4000 s.
    Problem p = tradeOff(2000);

    SolveResult r = solver(Objective.MIN_COST).solve(p);

    Fixtures.assertFeasible(p, r.plan());
    assertThat(used(r)).hasSize(1);
    Route route = used(r).get(0);
    assertThat(route.driverId()).isEqualTo("perKm");
    assertThat(route.duration()).isCloseTo(4000, within(1e-6));
    double perKm = 100 + 1 * 4 + 30 * 4000 / 3600.0; // 137.33
    double perHour = 100 + 20 * 4 + 1 * 4000 / 3600.0; // 181.11
    assertThat(r.cost()).isCloseTo(perKm, within(1e-6));
    assertThat(perHour).isGreaterThan(perKm);
  }

  @Test
  void aDriverWithoutCostsPaysOnePerHourNextToOneWithCosts() {
    // "free" has no costs and is charged 1 per hour; "paid" 5 per hour: the job goes to "free".
    Problem p =
        Problem.builder()
            .driver(Driver.builder("paid").start(Location.planar(0, 0)).costs(0, 0, 5).build())
            .driver(Driver.builder("free").start(Location.planar(0, 0)).build())
            .job(Job.builder("j").stop(Location.planar(1800, 0), 0).build())
            .build();

    SolveResult r = solver(Objective.MIN_COST).solve(p);

    Fixtures.assertFeasible(p, r.plan());
    assertThat(used(r)).singleElement().extracting(Route::driverId).isEqualTo("free");
    assertThat(r.cost()).isCloseTo(3600 / 3600.0, within(1e-6));
  }
}
