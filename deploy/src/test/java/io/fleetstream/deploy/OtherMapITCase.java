package io.fleetstream.deploy;

import static io.fleetstream.deploy.CliRun.fleetstream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack on a second real map, Liechtenstein: {@code up --osm} runs the job on that map, a
 * simulation and the demo play on its roads, and the decisions are measured on roads, not on the
 * straight-line fallback. Nothing of the product is Monaco's but the default.
 */
class OtherMapITCase {

  /** Unpacked by the build from Baremaps' test data (see deploy/pom.xml). */
  static final Path LIECHTENSTEIN =
      Path.of("target", "osm", "liechtenstein", "liechtenstein.osm.pbf").toAbsolutePath();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void theStackSimulationAndDemoRunOnAnotherMap() throws Exception {
    assertThat(LIECHTENSTEIN).as("the build unpacks the second map").isRegularFile();
    List<String> upArgs = List.of("up", "--osm", LIECHTENSTEIN.toString(), "--rehearsal", "off");
    CliRun up = fleetstream(dataDir, upArgs.toArray(String[]::new));
    try {
      assertThat(up.code()).as(up.err()).isZero();
      assertThat(up.out()).contains("road map", "liechtenstein.osm.pbf");
      JsonNode status = JSON.readTree(fleetstream(dataDir, "status", "--json").out());
      assertThat(status.path("flink").path("osm_file").asText())
          .isEqualTo(LIECHTENSTEIN.toString());

      Path other = Files.copy(LIECHTENSTEIN, dataDir.resolve("other.osm.pbf"));
      CliRun clash = fleetstream(dataDir, "up", "--osm", other.toString());
      assertThat(clash.code()).isEqualTo(1);
      assertThat(clash.err())
          .contains("the running stack drives on the map " + LIECHTENSTEIN, "fleetstream down");

      // Without --osm, a command takes the running stack's map.
      List<String> simulateArgs =
          List.of("simulate", "--duration", "20s", "--drivers", "4", "--jobs-per-minute", "30");
      CliRun simulation = fleetstream(dataDir, simulateArgs.toArray(String[]::new));
      assertThat(simulation.code()).as(simulation.out() + simulation.err()).isZero();
      assertThat(simulation.out())
          .contains("on the map liechtenstein.osm.pbf")
          .containsPattern("summary: \\d+ jobs created, [1-9]\\d* assigned");

      List<String> demoArgs = List.of("demo", "--timeout", "90");
      CliRun demo = fleetstream(dataDir, demoArgs.toArray(String[]::new));
      assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
      assertThat(demo.out())
          .contains("laid out as in Monaco on the map liechtenstein.osm.pbf")
          .as("the same story as in Monaco: its distances are kept")
          .contains("summary: 11 jobs assigned, 1 waited for a skill, 1 record rejected");

      DocCommands.assertEachRan(
          DocCommands.of(
              "maps.md",
              v -> Set.of(List.of("up"), List.of("simulate"), List.of("demo")).contains(v)),
          List.of(upArgs, simulateArgs, demoArgs));

      String bootstrap = status.path("kafka").path("bootstrap_servers").asText();
      List<JsonNode> assigned =
          OutputTopics.readAll(bootstrap, Topic.ASSIGNMENTS).stream()
              .filter(e -> e.path("type").asText().contains("assigned"))
              .filter(e -> !e.path("type").asText().contains("unassigned"))
              .toList();
      List<JsonNode> jobs = OutputTopics.readAll(bootstrap, Topic.JOBS);
      assertThat(assigned).as("assignments of the simulation and the demo").hasSizeGreaterThan(10);
      assertThat(assigned)
          .as("every decision measured on Liechtenstein's roads, none on the fallback")
          .allSatisfy(e -> assertThat(e.path("data").path("metric").asText()).isEqualTo("road"));
      try (RoadNetwork road =
          RoadNetwork.load(
              RoadConfig.defaults()
                  .withDataDir(dataDir.resolve("test-graph"))
                  .withOsmFile(LIECHTENSTEIN))) {
        assertThat(jobs.stream().filter(e -> e.path("data").has("location")).toList())
            .as("every job the simulation and the demo created is on that map")
            .hasSizeGreaterThan(10)
            .allSatisfy(
                e -> {
                  JsonNode at = e.path("data").path("location");
                  assertThat(
                          road.covers(
                              new Location(at.path("lat").asDouble(), at.path("lng").asDouble())))
                      .as(e.toString())
                      .isTrue();
                });
      }
    } finally {
      assertThat(fleetstream(dataDir, "down").code()).isZero();
    }
  }
}
