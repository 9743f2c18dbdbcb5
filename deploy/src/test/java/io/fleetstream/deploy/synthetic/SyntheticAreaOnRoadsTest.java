package io.fleetstream.deploy.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.road.SnapResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench stream --osm} and {@code bench events --osm} on real maps: the synthetic input,
 * placed from the loaded graph, lies inside its bounds and mostly on its roads (on a second map,
 * Liechtenstein, and on Monaco's own graph, which is smaller than the layout), so the job
 * dispatches on roads rather than to unreachable places.
 */
class SyntheticAreaOnRoadsTest {

  /** Unpacked by the build from Baremaps' test data (see deploy/pom.xml). */
  private static final Path LIECHTENSTEIN =
      Path.of("target", "osm", "liechtenstein", "liechtenstein.osm.pbf");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path graphDir;

  @Test
  void theInputIsPlacedInsideTheMapWhereItsRoadsAre() throws Exception {
    try (RoadNetwork road =
        RoadNetwork.load(
            RoadConfig.defaults()
                .withDataDir(graphDir)
                .withOsmFile(LIECHTENSTEIN)
                .withThreads(1))) {
      SyntheticArea area = SyntheticArea.onRoads(road);
      List<Location> points = points(area);

      assertThat(points).allSatisfy(p -> assertThat(road.covers(p)).as(p.toString()).isTrue());
      long onRoads = onRoads(road, points);
      long aroundTheMiddle = onRoads(road, points(SyntheticArea.within(road.bounds())));
      System.out.printf(
          "%s: %d of %d synthetic points on roads (around the middle of the bounds: %d)%n",
          area.describe(), onRoads, points.size(), aroundTheMiddle);
      assertThat(area.scale()).as("Monaco's distances kept: the map is larger").isEqualTo(1.0);
      assertThat(onRoads)
          .as("most on roads, as in Monaco (81%%), not the middle's %d", aroundTheMiddle)
          .isGreaterThan(points.size() / 2);
    }
  }

  @Test
  void onAMapSmallerThanTheLayoutItShrinksInsideIt() throws Exception {
    // Monaco's own graph spans less than the layout's 0.03° in one direction.
    try (RoadNetwork road =
        RoadNetwork.load(RoadConfig.defaults().withDataDir(graphDir).withThreads(1))) {
      SyntheticArea area = SyntheticArea.onRoads(road);
      List<Location> points = points(area);

      System.out.printf(
          "Monaco's graph %s: %s, %d of %d points on roads%n",
          Arrays.toString(road.bounds()), area.describe(), onRoads(road, points), points.size());
      assertThat(area.scale()).isLessThan(1.0);
      assertThat(points).allSatisfy(p -> assertThat(road.covers(p)).as(p.toString()).isTrue());
    }
  }

  /** Where 900 drivers start, ping once and 900 jobs are. */
  private static List<Location> points(SyntheticArea area) throws Exception {
    List<Location> points = new ArrayList<>();
    for (int d = 0; d < 900; d++) {
      points.add(at(data(SyntheticEvents.driver(area, "t", d, "z")).path("start_location")));
      points.add(at(data(SyntheticEvents.ping(area, "t", d, 1_700_000_000_000L + d * 997L))));
      points.add(at(data(SyntheticEvents.job(area, "t", "seed_" + d, "z", 0)).path("location")));
    }
    return points;
  }

  private static long onRoads(RoadNetwork road, List<Location> points) {
    return points.stream().filter(p -> road.snap(p).status() == SnapResult.Status.SNAPPED).count();
  }

  private static JsonNode data(byte[] event) throws Exception {
    return JSON.readTree(event).path("data");
  }

  private static Location at(JsonNode point) {
    return new Location(point.path("lat").asDouble(), point.path("lng").asDouble());
  }
}
