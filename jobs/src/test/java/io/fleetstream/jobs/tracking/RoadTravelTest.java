package io.fleetstream.jobs.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.jobs.optimize.RoadMap;
import io.fleetstream.jobs.optimize.RoadNetworks;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.schemas.events.GeoPoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ETAs on the embedded Monaco map: exact road legs between stops, a cheap road estimate from a
 * moving driver.
 */
class RoadTravelTest {

  @TempDir static Path graph;

  private static final StraightLineTravel STRAIGHT = new StraightLineTravel(30, 1.3);
  private static final GeoPoint CASINO = GeoPoint.of(43.7396, 7.4276);
  private static final GeoPoint PALACE = GeoPoint.of(43.7314, 7.4197);
  private static final GeoPoint FONTVIEILLE = GeoPoint.of(43.7276, 7.4156);

  @Test
  void aLegBetweenTwoStopsIsTheRoadLeg() {
    RoadTravel travel = new RoadTravel(RoadMap.embedded(graph), STRAIGHT);

    TravelEstimator.Leg leg = travel.leg(CASINO, PALACE);

    TravelMatrix road =
        RoadNetworks.shared(graph).matrix(List.of(location(CASINO), location(PALACE)));
    assertThat(leg.durationS()).isEqualTo(road.seconds(0, 1));
    assertThat(leg.distanceM()).isEqualTo(road.metres(0, 1));
    assertThat(leg.durationS())
        .as("not the straight-line estimate")
        .isNotCloseTo(STRAIGHT.leg(CASINO, PALACE).durationS(), within(1.0));
    assertThat(travel.metric()).isEqualTo("road");
  }

  @Test
  void aLegFromAMovingDriverStaysCloseToTheRoadLegFromWhereTheyAre() {
    RoadTravel travel = new RoadTravel(RoadMap.embedded(graph), STRAIGHT);
    TravelMatrix exact =
        RoadNetworks.shared(graph).matrix(List.of(location(CASINO), location(FONTVIEILLE)));

    TravelEstimator.Leg estimate = travel.fromPosition(CASINO, FONTVIEILLE);

    assertThat(estimate.durationS())
        .isCloseTo(exact.seconds(0, 1), within(exact.seconds(0, 1) * 0.25));
    assertThat(estimate.distanceM())
        .isCloseTo(exact.metres(0, 1), within(exact.metres(0, 1) * 0.25));
  }

  @Test
  void twoPingsInOneGridCellShareOneRoadSearchScaledToTheDistanceLeft() {
    RoadTravel travel = new RoadTravel(RoadMap.embedded(graph), STRAIGHT);
    GeoPoint a = GeoPoint.of(43.73970, 7.42770);
    GeoPoint b = GeoPoint.of(43.73990, 7.42790);

    TravelEstimator.Leg fromA = travel.fromPosition(a, FONTVIEILLE);
    TravelEstimator.Leg fromB = travel.fromPosition(b, FONTVIEILLE);

    double ratioA = fromA.durationS() / STRAIGHT.leg(a, FONTVIEILLE).durationS();
    double ratioB = fromB.durationS() / STRAIGHT.leg(b, FONTVIEILLE).durationS();
    assertThat(ratioA).isCloseTo(ratioB, within(1e-9));
    assertThat(fromA.durationS()).isNotEqualTo(fromB.durationS());
  }

  @Test
  void aLegFromAPositionIsTheRoadLegFromItsCellCentreScaledToTheDistanceLeft() {
    RoadTravel travel = new RoadTravel(RoadMap.embedded(graph), STRAIGHT);
    java.util.Random rnd = new java.util.Random(17);
    int compared = 0;
    for (GeoPoint stop : List.of(CASINO, PALACE, FONTVIEILLE)) {
      for (int k = 0; k < 60; k++) {
        GeoPoint at =
            GeoPoint.of(43.727 + rnd.nextDouble() * 0.015, 7.413 + rnd.nextDouble() * 0.017);
        if (STRAIGHT.leg(at, stop).distanceM() < RoadTravel.NEAR_M) continue;
        GeoPoint centre =
            GeoPoint.of(
                Math.round(at.lat() / RoadTravel.CELL_DEG) * RoadTravel.CELL_DEG,
                Math.round(at.lng() / RoadTravel.CELL_DEG) * RoadTravel.CELL_DEG);
        TravelMatrix road =
            RoadNetworks.shared(graph).matrix(List.of(location(centre), location(stop)));
        if (!road.reachable(0, 1)) continue;
        double scale = STRAIGHT.leg(at, stop).distanceM() / STRAIGHT.leg(centre, stop).distanceM();

        TravelEstimator.Leg leg = travel.fromPosition(at, stop);

        // the same whether this instance had the cell's approach cached or not
        assertThat(new RoadTravel(RoadMap.embedded(graph), STRAIGHT).fromPosition(at, stop))
            .isEqualTo(leg);
        assertThat(leg.durationS()).isCloseTo(road.seconds(0, 1) * scale, within(1e-6));
        assertThat(leg.distanceM()).isCloseTo(road.metres(0, 1) * scale, within(1e-6));
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(100);
  }

  @Test
  void offTheMapItIsTheStraightLine() {
    RoadTravel travel = new RoadTravel(RoadMap.embedded(graph), STRAIGHT);
    GeoPoint sf = GeoPoint.of(37.7749, -122.4194);
    GeoPoint oakland = GeoPoint.of(37.8044, -122.2712);

    assertThat(travel.leg(sf, oakland).durationS())
        .isCloseTo(STRAIGHT.leg(sf, oakland).durationS(), within(1.0));
  }

  private static Location location(GeoPoint p) {
    return new Location(p.lat(), p.lng());
  }
}
