package io.fleetstream.routing.solver.internal;

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
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.routing.solver.SolverConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouteLocalSearchTest {

  private static final SolverConfig DISTANCE =
      SolverConfig.defaults().withObjective(Objective.MIN_DISTANCE);
  private static final SolverConfig DURATION =
      SolverConfig.defaults().withObjective(Objective.MIN_DURATION);
  private static final long NO_DEADLINE = System.nanoTime() + 3_600_000_000_000L;

  @Test
  void aZigZagAlongALineBecomesOneWayOutAndBack() {
    Problem.Builder b =
        Problem.builder()
            .driver(Driver.builder("d").start(Location.planar(0, 0)).shift(0, 10_000).build());
    for (int i = 1; i <= 6; i++)
      b.job(Job.builder("j" + i).stop(Location.planar(10 * i, 0), 0).build());
    Problem p = b.build();
    TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(p.locations());
    RouteLocalSearch search = RouteLocalSearch.forProblem(p, p.jobs(), m, DISTANCE);

    Map<String, List<StopRef>> better =
        search.improve(Map.of("d", refs("j3", "j1", "j5", "j2", "j6", "j4")), NO_DEADLINE);

    Plan plan = plan(p, m, better);
    assertThat(plan.totalDistance()).isEqualTo(120.0);
    Fixtures.assertFeasible(p, plan);
  }

  /**
   * A plan made by appending each job to the first route it fits at the end of (windows, shifts,
   * capacities and skills all binding) comes back shorter, still passing the independent checker,
   * with every job once, and the same plan always gives the same result.
   */
  @Test
  void aPoorPlanBecomesShorterAndStaysFeasible() {
    for (long seed = 1; seed <= 5; seed++) {
      Problem p = randomProblem(seed);
      TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(p.locations());
      Map<String, List<StopRef>> poor = appendFirstFit(p, m);
      RouteLocalSearch search = RouteLocalSearch.forProblem(p, p.jobs(), m, DISTANCE);

      Map<String, List<StopRef>> better = search.improve(poor, NO_DEADLINE);

      assertThat(better).as("seed %d", seed).isNotNull();
      Plan before = plan(p, m, poor);
      Plan after = plan(p, m, better);
      Fixtures.assertFeasible(p, after);
      assertThat(after.totalDistance()).isLessThan(before.totalDistance() * 0.9);
      List<String> served = new ArrayList<>();
      better.values().forEach(r -> r.forEach(s -> served.add(s.jobId())));
      assertThat(served)
          .containsExactlyInAnyOrderElementsOf(p.jobs().stream().map(Job::id).toList());
      assertThat(RouteLocalSearch.forProblem(p, p.jobs(), m, DISTANCE).improve(poor, NO_DEADLINE))
          .isEqualTo(better);
    }
  }

  /** Under the duration objective the total duration (waiting included) falls instead. */
  @Test
  void underTheDurationObjectiveRoutesTakeLessTime() {
    for (long seed = 1; seed <= 3; seed++) {
      Problem p = randomProblem(seed);
      TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(p.locations());
      Map<String, List<StopRef>> poor = appendFirstFit(p, m);

      Map<String, List<StopRef>> better =
          RouteLocalSearch.forProblem(p, p.jobs(), m, DURATION).improve(poor, NO_DEADLINE);

      assertThat(better).as("seed %d", seed).isNotNull();
      Plan after = plan(p, m, better);
      Fixtures.assertFeasible(p, after);
      assertThat(after.totalDuration()).isLessThan(plan(p, m, poor).totalDuration());
    }
  }

  /**
   * Locked stops stay first on their route in their order while the rest improves around them, as
   * the live re-optimizer pins what drivers have started.
   */
  @Test
  void lockedStopsStayFirstOnTheirRoute() {
    Problem open = randomProblem(2);
    TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(open.locations());
    Map<String, List<StopRef>> poor = appendFirstFit(open, m);
    Map<String, List<StopRef>> locks = new LinkedHashMap<>();
    poor.forEach((d, r) -> locks.put(d, r.subList(0, Math.min(2, r.size()))));
    Problem p = new Problem(open.jobs(), open.drivers(), locks);
    List<Job> searchable =
        p.jobs().stream().filter(j -> !p.lockedJobIds().contains(j.id())).toList();

    Map<String, List<StopRef>> better =
        RouteLocalSearch.forProblem(p, searchable, m, DISTANCE).improve(poor, NO_DEADLINE);

    assertThat(better).isNotNull();
    locks.forEach(
        (d, lock) -> assertThat(better.get(d).subList(0, lock.size())).as(d).isEqualTo(lock));
    Plan after = plan(p, m, better);
    Fixtures.assertFeasible(p, after);
    assertThat(after.totalDistance()).isLessThan(plan(p, m, poor).totalDistance());
  }

  @Test
  void onlyWhereItComputesTheObjectiveAndKnowsTheRules() {
    Problem plain = randomProblem(1);
    TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(plain.locations());
    assertThat(RouteLocalSearch.forProblem(plain, plain.jobs(), m, DISTANCE)).isNotNull();
    assertThat(RouteLocalSearch.forProblem(plain, plain.jobs(), m, DURATION)).isNotNull();
    for (Objective o : Objective.values()) {
      if (o == Objective.MIN_DISTANCE || o == Objective.MIN_DURATION) continue;
      assertThat(
              RouteLocalSearch.forProblem(
                  plain, plain.jobs(), m, SolverConfig.defaults().withObjective(o)))
          .as(o.name())
          .isNull();
    }
    Problem withBreak =
        Problem.builder()
            .jobs(plain.jobs())
            .driver(
                Driver.builder("b")
                    .start(Location.planar(50, 50))
                    .shift(0, 2_000)
                    .breakAt(new TimeWindow(100, 500), 30)
                    .build())
            .build();
    assertThat(RouteLocalSearch.forProblem(withBreak, withBreak.jobs(), m, DISTANCE)).isNull();
  }

  /**
   * Pickup-and-delivery pairs (Li & Lim's kind): a plan made by appending each pair to the first
   * route it fits at the end of comes back shorter, every pickup still before its dropoff on the
   * same route, loads within capacity — as the independent checker sees it.
   */
  @Test
  void pairsMoveAsPairsAndKeepTheirOrder() {
    for (long seed = 1; seed <= 3; seed++) {
      Random rnd = new Random(seed);
      Problem.Builder b = Problem.builder();
      for (int d = 0; d < 6; d++) {
        b.driver(
            Driver.builder("d" + d)
                .start(Location.planar(50, 50))
                .shift(0, 2_000)
                .capacity(10)
                .build());
      }
      for (int i = 0; i < 30; i++) {
        double open = rnd.nextInt(800);
        if (i % 5 == 0) {
          // Deliveries from the depot among the pairs: loaded at the start, unloaded at the stop.
          b.job(
              Job.builder("s" + i)
                  .stop(
                      Location.planar(rnd.nextInt(101), rnd.nextInt(101)),
                      5,
                      new TimeWindow(open, open + 700))
                  .demand(1 + rnd.nextInt(3))
                  .build());
          continue;
        }
        b.job(
            Job.builder("p" + i)
                .pickup(
                    Location.planar(rnd.nextInt(101), rnd.nextInt(101)),
                    5,
                    new TimeWindow(open, open + 300))
                .dropoff(
                    Location.planar(rnd.nextInt(101), rnd.nextInt(101)),
                    5,
                    new TimeWindow(open, open + 700))
                .demand(1 + rnd.nextInt(6))
                .build());
      }
      Problem p = b.build();
      TravelMatrix m = EuclideanMatrix.unitSpeed().matrix(p.locations());
      Map<String, List<StopRef>> poor = appendFirstFit(p, m);

      Map<String, List<StopRef>> better =
          RouteLocalSearch.forProblem(p, p.jobs(), m, DISTANCE).improve(poor, NO_DEADLINE);

      assertThat(better).as("seed %d", seed).isNotNull();
      Plan after = plan(p, m, better);
      Fixtures.assertFeasible(p, after);
      assertThat(after.totalDistance()).isLessThan(plan(p, m, poor).totalDistance() * 0.9);
      List<StopRef> served = new ArrayList<>();
      better.values().forEach(served::addAll);
      assertThat(served)
          .containsExactlyInAnyOrderElementsOf(
              p.jobs().stream().flatMap(j -> j.stopRefs().stream()).toList());
    }
  }

  /** 60 jobs, eight drivers (one lacking a skill a fifth of the jobs need), windows and loads. */
  static Problem randomProblem(long seed) {
    Random rnd = new Random(seed);
    Problem.Builder b = Problem.builder();
    for (int d = 0; d < 8; d++) {
      Driver.Builder db =
          Driver.builder("d" + d).start(Location.planar(50, 50)).shift(0, 1_500).capacity(40);
      if (d > 0) db.skills("lift");
      b.driver(db.build());
    }
    for (int i = 0; i < 60; i++) {
      double open = rnd.nextInt(600);
      TimeWindow first = new TimeWindow(open, open + 100 + rnd.nextInt(200));
      Location at = Location.planar(rnd.nextInt(101), rnd.nextInt(101));
      // Odd seeds give some jobs a second window (the search's slower, general time check).
      Job.Builder jb =
          seed % 2 == 1 && i % 7 == 0
              ? Job.builder("j" + i).stop(at, 5, first, new TimeWindow(900, 1_200))
              : Job.builder("j" + i).stop(at, 5, first);
      jb.demand(1 + rnd.nextInt(5));
      if (i % 5 == 0) jb.skills("lift");
      b.job(jb.build());
    }
    return b.build();
  }

  static Map<String, List<StopRef>> appendFirstFit(Problem p, TravelMatrix m) {
    RouteSimulator sim = new RouteSimulator(p.jobsById(), m);
    Map<String, List<StopRef>> routes = new LinkedHashMap<>();
    List<Job> byOpening = new ArrayList<>(p.jobs());
    byOpening.sort(
        java.util.Comparator.comparingDouble(
            j -> j.stopOf(j.stopRefs().get(0).type()).timeWindows().get(0).start()));
    for (Job j : byOpening) {
      for (Driver d : p.drivers()) {
        List<StopRef> r = new ArrayList<>(routes.getOrDefault(d.id(), List.of()));
        r.addAll(j.stopRefs());
        if (sim.run(d, r).feasible()) {
          routes.put(d.id(), r);
          break;
        }
      }
    }
    int served = routes.values().stream().mapToInt(List::size).sum();
    int stops = p.jobs().stream().mapToInt(j -> j.stopRefs().size()).sum();
    assertThat(served).as("the poor plan serves every job").isEqualTo(stops);
    return routes;
  }

  static Plan plan(Problem p, TravelMatrix m, Map<String, List<StopRef>> routes) {
    RouteSimulator sim = new RouteSimulator(p.jobsById(), m);
    List<Route> out = new ArrayList<>();
    for (Driver d : p.drivers()) {
      List<StopRef> r = routes.get(d.id());
      if (r != null && !r.isEmpty()) out.add(sim.run(d, r).route());
    }
    return new Plan(out, List.of());
  }

  private static TravelMatrix matrix(Problem p) {
    return EuclideanMatrix.unitSpeed().matrix(p.locations());
  }

  private static List<StopRef> refs(String... ids) {
    return java.util.Arrays.stream(ids).map(StopRef::service).toList();
  }
}
