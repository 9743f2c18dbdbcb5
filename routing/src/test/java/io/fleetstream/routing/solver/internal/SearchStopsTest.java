package io.fleetstream.routing.solver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.model.TimeWindow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The local search's own check and objective term are a fast copy of {@link RouteSimulator}'s
 * rules: on random routes — stops in any order, pairs split or reversed, windows of one or two
 * parts, two capacity dimensions, skills, open and closed routes — both must say the same, or the
 * search would keep routes the plan then rejects (or miss ones it could keep).
 */
class SearchStopsTest {

  @Test
  void theSearchsCheckAndCostAgreeWithTheSimulatorOnRandomRoutes() {
    int feasible = 0;
    int infeasible = 0;
    int broken = 0;
    for (long seed = 1; seed <= 20; seed++) {
      Random rnd = new Random(seed);
      Problem p = randomProblem(rnd);
      TravelMatrix m = EuclideanMatrix.withSpeed(2.0).matrix(p.locations());
      RouteSimulator simulator = new RouteSimulator(p.jobsById(), m);
      for (Objective objective : List.of(Objective.MIN_DISTANCE, Objective.MIN_DURATION)) {
        SearchStops stops = new SearchStops(p, p.jobs(), m, objective);
        for (int trial = 0; trial < 300; trial++) {
          Driver d = p.drivers().get(rnd.nextInt(p.drivers().size()));
          int[] seq = randomRoute(stops, rnd);
          List<StopRef> refs = new ArrayList<>();
          for (int u : seq) refs.add(stops.refs[u]);
          int start = m.indexOf(d.start());
          int end = d.returnsToEnd() ? m.indexOf(d.end()) : -1;

          boolean ours = stops.feasible(d, start, end, seq);
          if (!pairsWhole(stops, seq)) {
            // The simulator is never given such a route (it is a programming error there).
            assertThat(ours).as("seed %d, a pair split or reversed: %s", seed, refs).isFalse();
            broken++;
            continue;
          }
          RouteSimulator.Simulation sim = simulator.run(d, refs);
          assertThat(ours)
              .as("seed %d, %s, route %s: simulator says %s", seed, d.id(), refs, sim.failure())
              .isEqualTo(sim.feasible());
          if (ours) {
            feasible++;
            Route r = sim.route();
            double expected = objective == Objective.MIN_DISTANCE ? r.distance() : r.duration();
            assertThat(stops.cost(d, start, end, seq))
                .as("seed %d, %s, %s, route %s", seed, objective, d.id(), refs)
                .isCloseTo(expected, within(1e-6));
          } else {
            infeasible++;
          }
        }
      }
    }
    // Every answer must be common for the agreement to mean anything.
    assertThat(feasible).isGreaterThan(1_000);
    assertThat(infeasible).isGreaterThan(1_000);
    assertThat(broken).isGreaterThan(500);
  }

  /** Each pair's two stops both on the route, pickup first. */
  private static boolean pairsWhole(SearchStops stops, int[] seq) {
    List<Integer> at = new ArrayList<>();
    for (int u : seq) at.add(u);
    for (int i = 0; i < seq.length; i++) {
      int mate = stops.mate[seq[i]];
      if (mate < 0) continue;
      int k = at.indexOf(mate);
      if (k < 0 || (stops.type[seq[i]] == StopType.PICKUP) != (k > i)) return false;
    }
    return true;
  }

  /**
   * Drivers with and without an end, shifts, two capacity dimensions and a skill; service jobs with
   * one or two windows and pairs.
   */
  private static Problem randomProblem(Random rnd) {
    Problem.Builder b = Problem.builder();
    for (int i = 0; i < 4; i++) {
      Driver.Builder d =
          Driver.builder("d" + i)
              .start(point(rnd))
              .shift(rnd.nextInt(100), 1_500 + rnd.nextInt(1_500))
              .capacity(6 + rnd.nextInt(8), 4 + rnd.nextInt(6));
      if (i % 2 == 0) d.openEnd();
      if (i == 3) d.end(point(rnd));
      if (i != 1) d.skills("lift");
      b.driver(d.build());
    }
    for (int i = 0; i < 14; i++) {
      double open = rnd.nextInt(1_200);
      TimeWindow first = new TimeWindow(open, open + 150 + rnd.nextInt(600));
      Job.Builder j = Job.builder("j" + i);
      if (i % 3 == 0) {
        j.pickup(point(rnd), rnd.nextInt(20), first)
            .dropoff(point(rnd), rnd.nextInt(20), new TimeWindow(open, open + 900));
      } else if (i % 3 == 1) {
        double second = first.end() + 100 + rnd.nextInt(300);
        j.stop(point(rnd), rnd.nextInt(30), first, new TimeWindow(second, second + 300));
      } else {
        j.stop(point(rnd), rnd.nextInt(30), first);
      }
      j.demand(1 + rnd.nextInt(4), rnd.nextInt(3));
      if (rnd.nextInt(5) == 0) j.skills("lift");
      b.job(j.build());
    }
    return b.build();
  }

  /**
   * Mostly whole pairs in order, sometimes a lone pickup or dropoff or a pair reversed; a random
   * subset of two to eight stops.
   */
  private static int[] randomRoute(SearchStops stops, Random rnd) {
    List<Integer> all = new ArrayList<>();
    for (int u = 0; u < stops.size(); u++) all.add(u);
    Collections.shuffle(all, rnd);
    List<Integer> seq = new ArrayList<>();
    int want = 2 + rnd.nextInt(7);
    for (int u : all) {
      if (seq.size() >= want || seq.contains(u)) continue;
      seq.add(rnd.nextInt(seq.size() + 1), u);
      int mate = stops.mate[u];
      if (mate >= 0 && !seq.contains(mate) && rnd.nextInt(6) != 0) {
        seq.add(rnd.nextInt(seq.size() + 1), mate);
      }
    }
    // Sort most pairs into pickup-before-dropoff, so that feasible routes with pairs are common.
    if (rnd.nextInt(4) != 0) {
      for (int i = 0; i < seq.size(); i++) {
        int u = seq.get(i);
        int mate = stops.mate[u];
        int k = mate < 0 ? -1 : seq.indexOf(mate);
        if (k > i && stops.type[u] == StopType.DROPOFF) {
          Collections.swap(seq, i, k);
        }
      }
    }
    return seq.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Location point(Random rnd) {
    return Location.planar(rnd.nextInt(400), rnd.nextInt(400));
  }
}
