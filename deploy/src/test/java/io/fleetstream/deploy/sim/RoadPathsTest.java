package io.fleetstream.deploy.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.jobs.dispatch.NearestDriverPolicy;
import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.schemas.events.GeoPoint;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulated drivers drive Monaco's streets, not straight lines over the buildings. */
class RoadPathsTest {

  @TempDir static Path graphDir;
  private static RoadNetwork road;
  private static RoadPaths paths;

  @BeforeAll
  static void load() {
    road = RoadNetwork.load(RoadConfig.defaults().withDataDir(graphDir));
    paths = new RoadPaths(road, new StraightPaths(30, 1.3));
  }

  @AfterAll
  static void close() {
    road.close();
  }

  @Test
  void aLegAcrossMonacoFollowsTheStreetsAtCarSpeeds() {
    GeoPoint fontvieille = MonacoPlaces.PLACES.get(16);
    GeoPoint larvotto = MonacoPlaces.PLACES.get(3);

    PathPlanner.Path path = paths.plan(fontvieille, larvotto);

    double straight = NearestDriverPolicy.distanceM(fontvieille, larvotto);
    assertThat(path.points()).as("a street route has turns").hasSizeGreaterThan(10);
    assertThat(path.points().get(0)).isEqualTo(fontvieille);
    assertThat(path.points().get(path.points().size() - 1)).isEqualTo(larvotto);
    assertThat(path.metres())
        .as("roads are longer than the crow flies")
        .isGreaterThan(straight)
        .isLessThan(3 * straight);
    assertThat(path.metres() / path.seconds()).as("m/s in town").isBetween(3.0, 20.0);
  }

  @Test
  void aLegOffTheMapIsAStraightLine() {
    GeoPoint nice = GeoPoint.of(43.7034, 7.2663);

    PathPlanner.Path path = paths.plan(MonacoPlaces.PLACES.get(0), nice);

    assertThat(path.points()).hasSize(2);
  }
}
