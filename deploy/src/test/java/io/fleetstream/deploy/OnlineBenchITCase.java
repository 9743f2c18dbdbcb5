package io.fleetstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.broker.process.LocalPorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code bench online} as documented, at a size a build can afford: it starts a real stack, plays a
 * short day through the live job — drivers reach the jobs the planner gives them and serve them —
 * plans the same day in hindsight, and reports both costs in its JSON line and chart.
 *
 * <p>Its drivers drive at road speed, so the test mostly waits (about four minutes): it runs beside
 * the build's other integration tests, on a block of ports of its own — except the crash test
 * ({@link CrashRecoveryITCase#NO_OTHER_STACK}).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(CrashRecoveryITCase.NO_OTHER_STACK)
class OnlineBenchITCase {

  @TempDir Path tmp;

  @Test
  void aShortDayIsPlayedLiveAndPlannedInHindsight() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Fleetstream.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "bench",
            "online",
            "--jobs",
            "2",
            "--drivers",
            "2",
            "--seed",
            "3",
            "--day",
            "1m",
            "--hindsight",
            "2s",
            "--replan",
            "300ms",
            "--rehearsal",
            "off",
            "--port",
            Integer.toString(LocalPorts.freeBlock(4)),
            "--data-dir",
            tmp.resolve("stack").toString(),
            "--out",
            tmp.toString());
    System.out.println(out + "\n" + err);

    assertThat(code).as(out + "\n" + err).isZero();
    List<String> lines = out.toString().strip().lines().toList();
    JsonNode r = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(r.path("seeds")).hasSize(1);
    JsonNode seed = r.path("seeds").get(0);
    assertThat(seed.path("jobs").asInt()).isEqualTo(2);
    assertThat(seed.path("unassigned_live").asInt())
        .as("the live job assigned the jobs and the drivers served them")
        .isLessThan(2);
    assertThat(seed.path("live_km").asDouble()).as("serving meant driving").isPositive();
    assertThat(seed.path("late_hindsight").asInt()).isZero();
    assertThat(r.path("ratio").asDouble())
        .isCloseTo(
            r.path("live_cost").asDouble() / r.path("hindsight_cost").asDouble(), within(1e-9));
    assertThat(seed.path("unassigned_replanned").asInt() + seed.path("late_replanned").asInt())
        .as("two jobs with windows of at least five minutes, decided offline as they come")
        .isZero();
    assertThat(r.path("information_ratio").asDouble() * r.path("decision_ratio").asDouble())
        .as("the gap to hindsight is what was not known times how the live job decided")
        .isCloseTo(r.path("ratio").asDouble(), within(1e-9));
    for (String field :
        List.of(
            "late_live",
            "unassigned_live",
            "unassigned_hindsight",
            "moved_live",
            "cut_short_live",
            "load_before")) {
      assertThat(r.has(field)).as(field).isTrue();
    }
    assertThat(seed.path("cut_short_live").asInt())
        .as("a drive is only cut short by a job going to another driver")
        .isLessThanOrEqualTo(seed.path("moved_live").asInt());
    assertThat(r.path("moved_live").asInt()).isEqualTo(seed.path("moved_live").asInt());
    assertThat(out.toString())
        .containsPattern(
            "seed 3 live: [12] of 2 jobs served \\(\\d+ late\\); \\d+ times a job went")
        .contains("seed 3: planning the same day in hindsight")
        .contains("seed 3: deciding the same day as it comes, offline");
    assertThat(Files.size(tmp.resolve("online.png"))).isPositive();
    assertThat(tmp.resolve("online.json")).exists();
  }
}
