package io.fleetstream.routing.solomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.routing.Fixtures;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.solomon.peers.PeerLoader;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.SolverConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Li & Lim PDPTW files: read with their pairs, solved with every pickup before its delivery on one
 * route, printed as the file's task numbers, and the same for the OR-Tools peer. The instance is
 * six pairs of Li & Lim {@code lc1_2_1} with four vehicles.
 */
class LiLimTest {

  private static final String HEADER = "2\t100\t1\n0\t0\t0\t0\t0\t1000\t0\t0\t0\n";

  private static LiLimInstance sample() {
    try (InputStream in = LiLimTest.class.getResourceAsStream("/lilim/lc1_2_1-12.txt")) {
      return LiLimReader.parse(
          new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), "lc1_2_1-12", "test");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void readsThePairsAsTheFileNamesThem() {
    LiLimInstance inst = sample();

    assertThat(inst.vehicles()).isEqualTo(4);
    assertThat(inst.capacity()).isEqualTo(200);
    assertThat(inst.tasks()).hasSize(12);
    assertThat(inst.pairs()).contains(new BenchmarkInstance.Pair(3, 98));
    assertThat(inst.pairs()).hasSize(6);
    assertThat(inst.family()).isEqualTo("LC1");
    Problem p = inst.toProblem();
    assertThat(p.jobs()).hasSize(6).allMatch(j -> j.isPair());
    assertThat(p.jobsById().get("3").demand(0)).isEqualTo(30);
    assertThat(inst.stopRef(98)).isEqualTo(StopRef.dropoff("3"));
    assertThat(inst.stopRef(3)).isEqualTo(StopRef.pickup("3"));
  }

  @Test
  void solvesEveryPairOnOneRoutePickupFirstAndPrintsTaskNumbers() {
    LiLimInstance inst = sample();
    SolverConfig config =
        SolverConfig.defaults()
            .withTimeLimit(Duration.ofSeconds(30))
            .withIterations(300)
            .withThreads(1);

    SolveResult result = new SolomonSolver(config).solveToResult(inst);
    SolomonSolution s = SolomonSolver.summarize(inst, result);

    Fixtures.assertFeasible(inst.toProblem(), result.plan());
    assertThat(s.unassigned()).isZero();
    assertPairsInOrder(inst, s.routes());
    assertThat(result.plan().routes().stream().flatMap(r -> r.stops().stream()))
        .anyMatch(stop -> stop.type() == StopType.DROPOFF);
  }

  @Test
  void orToolsSolvesThePairsToo() {
    LiLimInstance inst = sample();

    SolomonSolution s = PeerLoader.orTools().solve(inst, Duration.ofSeconds(1));

    assertThat(s.unassigned()).isZero();
    assertPairsInOrder(inst, s.routes());
    Fixtures.assertFeasible(inst.toProblem(), SolomonPlans.fromRoutes(inst, s.routes()));
  }

  private static void assertPairsInOrder(LiLimInstance inst, List<List<Integer>> routes) {
    List<Integer> all = new ArrayList<>();
    routes.forEach(all::addAll);
    assertThat(all).containsExactlyInAnyOrder(3, 98, 4, 17, 5, 128, 6, 139, 8, 186, 9, 99);
    for (BenchmarkInstance.Pair p : inst.pairs()) {
      List<Integer> route =
          routes.stream().filter(r -> r.contains(p.pickup())).findFirst().orElseThrow();
      assertThat(route.indexOf(p.delivery()))
          .as("delivery %d after pickup %d on one route %s", p.delivery(), p.pickup(), route)
          .isGreaterThan(route.indexOf(p.pickup()));
    }
  }

  @Test
  void badFilesNameTheLineAndTheFault() {
    Map<String, String> cases =
        Map.of(
            HEADER + "1\t1\t1\t5\t0\t10\t0\t0\t2\n2\t2\t2\t-4\t0\t10\t0\t1\t0\n",
            "test:3: pickup 1 demand 5, delivery -4",
            HEADER + "1\t1\t1\t5\t0\t10\t0\t0\t2\n2\t2\t2\t-5\t0\t10\t0\t3\t0\n",
            "test:3: task 2 does not name task 1 back",
            HEADER + "1\t1\t1\t5\t0\t10\t0\t0\t7\n2\t2\t2\t-5\t0\t10\t0\t1\t0\n",
            "test:3: task 1 names no task 7",
            HEADER + "1\t1\t1\t5\t0\t10\t0\t0\t0\n",
            "test:3: task 1 must name exactly one partner",
            HEADER + "1\t1\t1\t5\t0\t10\t0\t0\n",
            "test:3: expected 9 columns, found 8",
            "2\t100\t2\n",
            "test:1: speed 2 not supported",
            HEADER + "1\t1\t1\t5\t9\t3\t0\t0\t2\n",
            "test:3: due date before ready time",
            "",
            "test: empty file");
    cases.forEach(
        (content, message) ->
            assertThatThrownBy(() -> LiLimReader.parse(content, "x", "test"))
                .isInstanceOf(SolomonFormatException.class)
                .hasMessageContaining(message));
  }
}
