package io.fleetstream.routing.solver.internal;

import static io.fleetstream.routing.solver.internal.RouteLocalSearchTest.appendFirstFit;
import static io.fleetstream.routing.solver.internal.RouteLocalSearchTest.plan;
import static io.fleetstream.routing.solver.internal.RouteLocalSearchTest.randomProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.solver.SolverConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringSearchTest {

  private static final SolverConfig DISTANCE =
      SolverConfig.defaults().withObjective(Objective.MIN_DISTANCE);
  private static final long NO_DEADLINE = System.nanoTime() + 3_600_000_000_000L;

  /**
   * From a plan made by first fit (windows, shifts, capacities and skills all binding), the search
   * returns a plan the independent checker accepts, with every job once, far shorter than the start
   * and no longer than the local search's descent alone reaches; the same seed gives the same plan;
   * the cost it reports is the plan's distance.
   */
  @Test
  void aPoorPlanBecomesMuchShorterAndStaysFeasible() {
    for (long seed = 2; seed <= 8; seed += 2) {
      Problem p = randomProblem(seed);
      TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(p.locations());
      Map<String, List<StopRef>> poor = appendFirstFit(p, m);
      StringSearch search = search(p, m, DISTANCE);

      StringSearch.Result found = search.run(poor, 20_000, NO_DEADLINE, false, new Random(seed));

      Plan before = plan(p, m, poor);
      Plan after = plan(p, m, found.routes());
      Fixtures.assertFeasible(p, after);
      assertServesEveryJobOnce(p, found.routes());
      Map<String, List<StopRef>> descended =
          RouteLocalSearch.forProblem(p, p.jobs(), m, DISTANCE).improve(poor, NO_DEADLINE);
      assertThat(after.totalDistance())
          .as("seed %d", seed)
          .isLessThan(before.totalDistance() * 0.8)
          .isLessThanOrEqualTo(plan(p, m, descended).totalDistance());
      assertThat(found.cost())
          .isCloseTo(after.totalDistance(), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(found.iterations()).isEqualTo(20_000);
      assertThat(search(p, m, DISTANCE).run(poor, 20_000, NO_DEADLINE, false, new Random(seed)))
          .isEqualTo(found);
    }
  }

  /**
   * With a cost per driver used, a stop is put on an unused driver only when it fits nowhere else
   * and that is then refused: the plan never uses more drivers than it started with.
   */
  @Test
  void aVehicleCostKeepsTheFleetFromGrowing() {
    Problem p = randomProblem(4);
    TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(p.locations());
    Map<String, List<StopRef>> poor = appendFirstFit(p, m);
    long usedBefore = poor.values().stream().filter(r -> !r.isEmpty()).count();
    SolverConfig withVehicleCost =
        new SolverConfig(Objective.MIN_DISTANCE, null, 10, 1, 1, 1e6, false);

    StringSearch.Result found =
        search(p, m, withVehicleCost).run(poor, 20_000, NO_DEADLINE, false, new Random(1));

    Fixtures.assertFeasible(p, plan(p, m, found.routes()));
    assertThat((long) found.routes().size()).isLessThanOrEqualTo(usedBefore);
    assertThat(found.cost())
        .isCloseTo(
            1e6 * found.routes().size() + plan(p, m, found.routes()).totalDistance(),
            org.assertj.core.data.Offset.offset(1e-3));
  }

  /**
   * Fleet minimization: from a first-fit plan (which fills drivers one after another), taking
   * drivers away and placing their stops elsewhere gives a complete, feasible plan with fewer
   * drivers; a plan of one driver has none to take away.
   */
  @Test
  void driversAreTakenAwayWhileEveryStopStaysServed() {
    for (long seed = 2; seed <= 6; seed += 2) {
      Problem p = randomProblem(seed);
      TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(p.locations());
      Map<String, List<StopRef>> poor = appendFirstFit(p, m);
      SolverConfig withVehicleCost =
          new SolverConfig(Objective.MIN_DISTANCE, null, 10, 1, 1, 1e6, false);

      StringSearch.Result fewer =
          search(p, m, withVehicleCost).reduce(poor, 20_000, NO_DEADLINE, new Random(seed));

      assertThat(fewer).as("seed %d", seed).isNotNull();
      assertThat(fewer.routes().size()).as("seed %d", seed).isLessThan(poor.size());
      Fixtures.assertFeasible(p, plan(p, m, fewer.routes()));
      assertServesEveryJobOnce(p, fewer.routes());
    }
    Problem one =
        Problem.builder()
            .driver(Driver.builder("d").start(Location.planar(0, 0)).shift(0, 10_000).build())
            .job(Job.builder("a").stop(Location.planar(1, 0), 0).build())
            .job(Job.builder("b").stop(Location.planar(2, 0), 0).build())
            .job(Job.builder("c").stop(Location.planar(3, 0), 0).build())
            .build();
    TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(one.locations());
    Map<String, List<StopRef>> plan =
        Map.of("d", List.of(StopRef.service("a"), StopRef.service("b"), StopRef.service("c")));
    assertThat(search(one, m, DISTANCE).reduce(plan, 100, NO_DEADLINE, new Random(1))).isNull();
  }

  /** A clock already past stops it before its first iteration, with the plan it was given. */
  @Test
  void aDeadlineInThePastReturnsTheStartingPlan() {
    Problem p = randomProblem(2);
    TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(p.locations());
    Map<String, List<StopRef>> poor = appendFirstFit(p, m);

    StringSearch.Result found =
        search(p, m, DISTANCE).run(poor, 20_000, System.nanoTime() - 1, false, new Random(1));

    assertThat(found.iterations()).isZero();
    assertThat(plan(p, m, found.routes()).totalDistance())
        .isEqualTo(plan(p, m, poor).totalDistance());
  }

  /**
   * Its O(1) time check is exact only with one window per stop and no pairs, and it prices distance
   * only: every other problem is left to jsprit (null), as is a plan missing a stop and a problem
   * of more than {@link StringSearch#MAX_STOPS} stops.
   */
  @Test
  void itDeclinesWhatItsChecksDoNotCover() {
    Problem twoWindows = randomProblem(1); // odd seeds give some jobs a second window
    TravelMatrix m2 = EuclideanMatrix.unitSpeed().matrix(twoWindows.locations());
    assertThat(search(twoWindows, m2, DISTANCE)).isNull();

    Problem p = randomProblem(2);
    TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(p.locations());
    assertThat(search(p, m, DISTANCE.withObjective(Objective.MIN_DURATION))).isNull();
    assertThat(search(p, m, DISTANCE.withObjective(Objective.MIN_MAX_DISTANCE))).isNull();
    Map<String, List<StopRef>> missingOne = new java.util.LinkedHashMap<>(appendFirstFit(p, m));
    String first = missingOne.keySet().iterator().next();
    missingOne.put(first, missingOne.get(first).subList(1, missingOne.get(first).size()));
    assertThat(search(p, m, DISTANCE).run(missingOne, 10, NO_DEADLINE, false, new Random(1)))
        .isNull();

    Problem.Builder b =
        Problem.builder()
            .driver(Driver.builder("d").start(Location.planar(0, 0)).shift(0, 10_000).build());
    for (int i = 0; i < 4; i++) {
      b.job(
          Job.builder("p" + i)
              .pickup(Location.planar(10 * i, 0), 5)
              .dropoff(Location.planar(10 * i, 50), 5)
              .build());
    }
    Problem pairs = b.build();
    assertThat(search(pairs, EuclideanMatrix.unitSpeed().matrix(pairs.locations()), DISTANCE))
        .isNull();

    // Above MAX_STOPS jsprit searches alone (measured worse at 1,000 customers).
    for (int size : new int[] {StringSearch.MAX_STOPS, StringSearch.MAX_STOPS + 1}) {
      Problem.Builder many =
          Problem.builder()
              .driver(Driver.builder("d").start(Location.planar(0, 0)).shift(0, 1e7).build());
      for (int i = 0; i < size; i++) {
        many.job(Job.builder("j" + i).stop(Location.planar(i % 50, i / 50), 0).build());
      }
      Problem big = many.build();
      assertThat(search(big, EuclideanMatrix.unitSpeed().matrix(big.locations()), DISTANCE) != null)
          .as("%d stops", size)
          .isEqualTo(size <= StringSearch.MAX_STOPS);
    }
  }

  private static void assertServesEveryJobOnce(Problem p, Map<String, List<StopRef>> routes) {
    List<String> served = new ArrayList<>();
    routes.values().forEach(r -> r.forEach(s -> served.add(s.jobId())));
    assertThat(served).containsExactlyInAnyOrderElementsOf(p.jobs().stream().map(Job::id).toList());
  }

  private static StringSearch search(Problem p, TravelMatrix m, SolverConfig config) {
    return StringSearch.forProblem(
        p, RouteLocalSearch.forProblem(p, p.jobs(), m, config), config, m.unreachableCount());
  }
}
