package io.fleetstream.deploy;

import static io.fleetstream.deploy.CliRun.fleetstream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The road commands of docs/maps.md on a second real map, and {@code --osm} naming no file: a clear
 * error before anything starts.
 */
class OtherMapCommandsTest {

  private static final String MAP = OtherMapITCase.LIECHTENSTEIN.toString();
  private static final String MISSING =
      "error: no such OSM file: no-such-map.osm.pbf" + System.lineSeparator();

  @TempDir Path dir;

  @Test
  void theRoadBenchmarksRunOnAnotherMap() throws Exception {
    List<String> matrixArgs = List.of("matrix", "--osm", MAP, "--points", "40", "--json");
    CliRun matrix = fleetstream(dir, matrixArgs.toArray(String[]::new));
    assertThat(matrix.code()).as(matrix.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(matrix.out());
    assertThat(m.path("points").asInt()).isEqualTo(40);
    assertThat(m.path("unreachable").asInt()).as(matrix.out()).isLessThan(40 * 39 / 10);

    List<String> reoptArgs =
        List.of(
            "bench",
            "reopt",
            "--osm",
            MAP,
            "--sizes",
            "20",
            "--time-limit",
            "1s",
            "--out",
            dir.resolve("out").toString());
    CliRun reopt = fleetstream(dir, reoptArgs.toArray(String[]::new));
    assertThat(reopt.code()).as(reopt.err()).isZero();
    assertThat(reopt.out()).contains("Re-optimization curve on the roads of liechtenstein.osm.pbf");
    assertThat(dir.resolve("out").resolve("reopt.png")).isRegularFile();

    DocCommands.assertEachRan(
        DocCommands.of(
            "maps.md", v -> v.equals(List.of("matrix")) || v.equals(List.of("bench", "reopt"))),
        List.of(matrixArgs, reoptArgs));
  }

  @Test
  void aMissingMapFileIsNamedAndNothingStarts() {
    for (String command : List.of("up", "simulate", "demo", "bench online")) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.addAll(List.of("--osm", "no-such-map.osm.pbf"));
      CliRun run = fleetstream(dir, args.toArray(String[]::new));
      assertThat(run.code()).as(command).isEqualTo(1);
      assertThat(run.err()).as(command).isEqualTo(MISSING);
      assertThat(run.out()).as(command).isEmpty();
      assertThat(dir.resolve("run").resolve("status.json")).as("no stack started").doesNotExist();
    }
  }

  @Test
  void submitNamesAMissingMapFileBeforeItCallsTheCluster() {
    // The map is checked before the cluster or Kafka is called: these addresses are never used.
    CliRun run =
        fleetstream(
            dir,
            "submit",
            "--cluster",
            "http://127.0.0.1:9",
            "--kafka",
            "127.0.0.1:9",
            "--osm",
            "no-such-map.osm.pbf");
    assertThat(run.code()).as("submit's exit code for bad input").isEqualTo(2);
    assertThat(run.err()).isEqualTo(MISSING);
    assertThat(run.out()).isEmpty();
  }
}
