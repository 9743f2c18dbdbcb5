package io.fleetstream.deploy.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.deploy.demo.DemoFleet;
import io.fleetstream.deploy.demo.DemoLayout;
import io.fleetstream.jobs.dispatch.NearestDriverPolicy;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.road.SnapResult;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a second real map (Liechtenstein), the simulator's and the demo's places are on that map's
 * roads, and the demo keeps the distances it was written with in Monaco.
 */
class OtherMapPlacesTest {

  /** Unpacked by the build from Baremaps' test data (see deploy/pom.xml). */
  static final Path LIECHTENSTEIN =
      Path.of("target", "osm", "liechtenstein", "liechtenstein.osm.pbf");

  @TempDir static Path graphDir;
  private static RoadNetwork road;

  @BeforeAll
  static void load() {
    road =
        RoadNetwork.load(
            RoadConfig.defaults().withDataDir(graphDir).withOsmFile(LIECHTENSTEIN).withThreads(1));
  }

  @AfterAll
  static void close() {
    road.close();
  }

  @Test
  void aSimulatedDayOnAnotherMapHappensOnItsRoads() {
    Day day = Day.generate(3, 60, 6, Duration.ofMinutes(5), Places.onRoads(road, 3));

    List<GeoPoint> places = new ArrayList<>();
    day.drivers().forEach(d -> places.add(d.start()));
    day.jobs().forEach(j -> places.add(j.location()));
    assertThat(places)
        .hasSize(66)
        .allSatisfy(
            p -> assertThat(road.snap(location(p)).status()).isEqualTo(SnapResult.Status.SNAPPED));
    assertThat(places.stream().map(GeoPoint::lat).distinct().count())
        .as("places spread over the map, not one spot")
        .isGreaterThan(30);
    assertThat(Day.generate(3, 60, 6, Duration.ofMinutes(5), Places.onRoads(road, 3)))
        .as("the same map and seed give the same day")
        .isEqualTo(day);
    assertThat(Places.monaco().near(new Random(1)).lat())
        .as("Monaco's streets stay the default")
        .isBetween(43.72, 43.75);
  }

  @Test
  void theDemoIsLaidOutOnTheMapsRoadsWithMonacosDistances() {
    DemoFleet monaco = new DemoFleet("t", OffsetDateTime.now());
    DemoFleet moved = new DemoFleet("t", OffsetDateTime.now(), DemoLayout.movedTo(road));
    List<GeoPoint> there = places(moved);
    List<GeoPoint> here = places(monaco);

    assertThat(there)
        .hasSize(here.size())
        .allSatisfy(
            p -> {
              assertThat(road.covers(location(p))).as(p.toString()).isTrue();
              assertThat(road.snap(location(p)).snapDistanceMetres()).as("on a road").isLessThan(1);
            });
    for (int i = 0; i < here.size(); i++) {
      for (int j = i + 1; j < here.size(); j++) {
        double was = NearestDriverPolicy.distanceM(here.get(i), here.get(j));
        double is = NearestDriverPolicy.distanceM(there.get(i), there.get(j));
        assertThat(is)
            .as("%s to %s", here.get(i).address(), here.get(j).address())
            .isCloseTo(was, org.assertj.core.data.Offset.offset(600.0));
      }
    }
  }

  private static List<GeoPoint> places(DemoFleet fleet) {
    return Stream.concat(
            fleet.drivers().stream().map(e -> e.data(DriverData.class).startLocation()),
            Stream.concat(fleet.jobs().stream(), Stream.of(fleet.gasJob()))
                .map(e -> e.data(JobData.class).location()))
        .toList();
  }

  private static Location location(GeoPoint p) {
    return new Location(p.lat(), p.lng());
  }
}
