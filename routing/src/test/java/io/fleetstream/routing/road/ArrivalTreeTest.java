package io.fleetstream.routing.road;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixCells;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One backward tree per destination answers every start exactly as the road matrix does. */
class ArrivalTreeTest {

  private static final Location NICE = new Location(43.7031, 7.2661);

  @Test
  void everyLegEqualsTheMatrixCellInWhateverOrderTheStartsAreAsked() {
    RoadNetwork net = MonacoFixture.network();
    List<Location> destinations = MonacoFixture.snappablePoints(6, 41);
    List<Location> starts = MonacoFixture.snappablePoints(120, 42);
    int compared = 0;
    for (Location destination : destinations) {
      ArrivalTree inOrder = net.arrivalTree(destination);
      ArrivalTree farFirst = net.arrivalTree(destination);
      List<Location> byDistance = new ArrayList<>(starts);
      byDistance.sort(
          Comparator.comparingDouble(
                  (Location p) -> HaversineMatrix.greatCircleMetres(p, destination))
              .reversed());
      for (Location start : starts) {
        assertSameAsMatrix(net, inOrder.from(start), start, destination);
        compared++;
      }
      for (Location start : byDistance) {
        assertSameAsMatrix(net, farFirst.from(start), start, destination);
      }
      assertThat(inOrder.from(destination).seconds()).isZero();
    }
    assertThat(compared).isEqualTo(720);
  }

  @Test
  void aStartCloserThanOnesAlreadyAskedCostsNoMoreSearch() {
    RoadNetwork net = MonacoFixture.network();
    List<Location> pts = MonacoFixture.snappablePoints(40, 7);
    Location destination = pts.get(0);
    ArrivalTree tree = net.arrivalTree(destination);
    List<Location> approach = new ArrayList<>(pts.subList(1, pts.size()));
    // the slowest start first: every other one is then inside the ball the tree has settled
    approach.sort(Comparator.comparingDouble((Location p) -> tree.from(p).seconds()).reversed());
    ArrivalTree fresh = net.arrivalTree(destination);
    fresh.from(approach.get(0));
    int grown = fresh.settledNodes();

    for (Location p : approach.subList(1, approach.size())) {
      fresh.from(p);
    }

    assertThat(grown).isGreaterThan(10);
    assertThat(fresh.settledNodes()).isLessThanOrEqualTo(grown + 8);
    assertThat(fresh.settledNodes()).isLessThan(net.nodes());
  }

  @Test
  void offTheMapIsTheGreatCircleAndOffTheRoadIsUnreachableAsInTheMatrix() {
    try (RoadNetwork net = RoadNetwork.load(MonacoFixture.config().withMaxSnapMetres(25))) {
      double[] b = net.bounds();
      Random rnd = new Random(9);
      List<Location> pts = new ArrayList<>();
      for (int k = 0; k < 40; k++) {
        pts.add(
            new Location(
                b[0] + rnd.nextDouble() * (b[2] - b[0]), b[1] + rnd.nextDouble() * (b[3] - b[1])));
      }
      pts.add(NICE);
      int unreachable = 0;
      int haversine = 0;
      for (Location destination : List.of(pts.get(0), pts.get(1), pts.get(2), NICE)) {
        ArrivalTree tree = net.arrivalTree(destination);
        for (Location start : pts) {
          if (start.equals(destination)) continue;
          ArrivalTree.Arrival a = tree.from(start);
          assertSameAsMatrix(net, a, start, destination);
          if (!a.reachable()) unreachable++;
          if (a.metric().equals("haversine")) haversine++;
        }
      }
      assertThat(unreachable).isGreaterThan(5);
      assertThat(haversine).isGreaterThan(5);
    }
  }

  private static void assertSameAsMatrix(
      RoadNetwork net, ArrivalTree.Arrival a, Location start, Location destination) {
    TravelMatrix m =
        net.matrix(List.of(start, destination), MatrixCells.builder().leg(0, 1).build());
    assertThat(a.seconds())
        .as("seconds from %s to %s", start, destination)
        .isEqualTo(m.seconds(0, 1));
    assertThat(a.metres()).as("metres from %s to %s", start, destination).isEqualTo(m.metres(0, 1));
    assertThat(a.metric()).isEqualTo(m.metric(0, 1).wireName());
  }
}
