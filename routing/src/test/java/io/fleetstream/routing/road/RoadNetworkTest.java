package io.fleetstream.routing.road;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.routing.geometry.Polyline;
import io.fleetstream.routing.matrix.Metric;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoadNetworkTest {

  private static final Location CASINO = new Location(43.7396, 7.4278);
  private static final Location STADIUM = new Location(43.7275, 7.4155);
  private static final Location NICE = new Location(43.7031, 7.2661);

  @Test
  void loadsTheEmbeddedMonacoExtract() {
    RoadNetwork net = MonacoFixture.network();

    assertThat(net.osmFile().getFileName().toString()).isEqualTo("monaco-latest.osm.pbf");
    assertThat(net.nodes()).isGreaterThan(1000);
    assertThat(net.covers(CASINO)).isTrue();
    assertThat(net.covers(NICE)).isFalse();
  }

  @Test
  void snappingReportsTheSnapDistance() {
    SnapResult s = MonacoFixture.network().snap(CASINO);

    assertThat(s.status()).isEqualTo(SnapResult.Status.SNAPPED);
    assertThat(s.snapDistanceMetres()).isBetween(0.0, 100.0);
    assertThat(s.snapped()).isNotNull();
    assertThat(s.metric()).isEqualTo(Metric.ROAD);
  }

  @Test
  void aPointFartherFromAnyRoadThanTheLimitIsReportedNotRouted() {
    RoadNetwork net = MonacoFixture.network();
    RoadConfig strict = net.config().withMaxSnapMetres(0.001);

    try (RoadNetwork strictNet = RoadNetwork.load(strict)) {
      SnapResult s = strictNet.snap(CASINO);
      TravelMatrix m = strictNet.matrix(List.of(CASINO, STADIUM));

      assertThat(s.status()).isEqualTo(SnapResult.Status.NOT_SNAPPABLE);
      assertThat(m.reachable(0, 1)).isFalse();
      assertThat(m.metric(0, 1)).isEqualTo(Metric.ROAD);
    }
  }

  @Test
  void offRoadIsAPointOnTheMapThatNoRoadReachesFromAnywhere() {
    RoadNetwork net = MonacoFixture.network();
    Location offRoad = new Location(43.7486, 7.4228); // inside the map, beyond the snap limit

    assertThat(net.covers(offRoad)).isTrue();
    assertThat(net.offRoad(offRoad)).isTrue();
    assertThat(net.snap(offRoad).status()).isEqualTo(SnapResult.Status.NOT_SNAPPABLE);
    for (Location from : MonacoFixture.snappablePoints(10, 5)) {
      assertThat(net.matrix(List.of(from, offRoad)).reachable(0, 1)).isFalse();
    }
    assertThat(net.offRoad(CASINO)).as("on a street").isFalse();
    assertThat(net.offRoad(NICE)).as("off the map: the great circle reaches it").isFalse();
  }

  @Test
  void pointsOutsideTheMapFallBackToGreatCircleAndSaySo() {
    TravelMatrix m = MonacoFixture.network().matrix(List.of(CASINO, NICE));

    assertThat(m.metric(0, 1)).isEqualTo(Metric.HAVERSINE);
    assertThat(m.reachable(0, 1)).isTrue();
    // ~13.5 km great circle × 1.3 detour at 30 km/h
    assertThat(m.metres(0, 1)).isBetween(16_000.0, 19_000.0);
    assertThat(m.seconds(0, 1)).isCloseTo(m.metres(0, 1) / (30 / 3.6), within(1e-6));
  }

  @Test
  void matrixCellsAreFastestPathsNoSlowerThanTheRoutedPath() {
    RoadNetwork net = MonacoFixture.network();
    List<Location> pts = MonacoFixture.snappablePoints(30, 3);

    TravelMatrix m = net.matrix(pts);

    for (int k = 0; k < 10; k++) {
      int i = k;
      int j = 29 - k;
      RoadRoute r = net.route(List.of(pts.get(i), pts.get(j)));
      assertThat(r.metric()).isEqualTo("road");
      assertThat(m.seconds(i, j)).isGreaterThan(0);
      assertThat(m.metres(i, j)).isGreaterThan(0);
      // the matrix minimizes time; the routed path also weighs distance, so it can only be slower
      assertThat(m.seconds(i, j)).isLessThanOrEqualTo(r.seconds() * 1.01 + 1);
    }
    for (int i = 0; i < 30; i++) assertThat(m.seconds(i, i)).isZero();
  }

  @Test
  void theParallelMatrixEqualsTheSequentialOne() {
    RoadNetwork net = MonacoFixture.network();
    List<Location> pts = MonacoFixture.snappablePoints(40, 9);

    TravelMatrix parallel = net.matrix(pts);
    try (RoadNetwork single = RoadNetwork.load(net.config().withThreads(1))) {
      TravelMatrix sequential = single.matrix(pts);
      for (int i = 0; i < 40; i++) {
        for (int j = 0; j < 40; j++) {
          assertThat(parallel.seconds(i, j)).isEqualTo(sequential.seconds(i, j));
          assertThat(parallel.metres(i, j)).isEqualTo(sequential.metres(i, j));
        }
      }
    }
  }

  @Test
  void aRouteCarriesItsRoadGeometryAsAnEncodedPolyline() {
    RoadRoute r = MonacoFixture.network().route(List.of(CASINO, STADIUM));

    List<Location> shape = Polyline.decode(r.polyline());
    assertThat(r.reachable()).isTrue();
    assertThat(shape.size()).isGreaterThan(5);
    assertThat(shape.get(0).lat()).isCloseTo(CASINO.lat(), within(0.002));
    assertThat(shape.get(shape.size() - 1).lng()).isCloseTo(STADIUM.lng(), within(0.002));
    assertThat(r.metres()).isBetween(1500.0, 5000.0);
  }

  @Test
  void polylineEncodingRoundTrips() {
    List<Location> pts =
        new ArrayList<>(
            List.of(
                new Location(38.5, -120.2),
                new Location(40.7, -120.95),
                new Location(43.252, -126.453)));

    assertThat(Polyline.encode(pts)).isEqualTo("_p~iF~ps|U_ulLnnqC_mqNvxq`@");
    assertThat(Polyline.decode(Polyline.encode(pts))).isEqualTo(pts);
  }
}
