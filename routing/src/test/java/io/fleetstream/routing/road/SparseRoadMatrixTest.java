package io.fleetstream.routing.road;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixCells;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A sparse road matrix holds, in every cell asked for, exactly what the full matrix holds. */
class SparseRoadMatrixTest {

  private static final Location NICE = new Location(43.7031, 7.2661);
  private static final Location MENTON = new Location(43.7747, 7.4975);

  @Test
  void aColumnFromOneBackwardSearchEqualsTheFullMatrixColumnOnOneWayStreetsToo() {
    RoadNetwork net = MonacoFixture.network();
    Random rnd = new Random(11);
    int columnDiffersFromRow = 0;
    for (long seed = 0; seed < 4; seed++) {
      List<Location> pts = MonacoFixture.snappablePoints(30, 100 + seed);
      TravelMatrix full = net.matrix(pts);
      for (int k = 0; k < 3; k++) {
        int i = rnd.nextInt(pts.size());

        TravelMatrix sparse = net.matrix(pts, MatrixCells.builder().rowAndColumn(i).build());

        for (int j = 0; j < pts.size(); j++) {
          assertCellEquals(sparse, full, j, i);
          assertCellEquals(sparse, full, i, j);
          if (full.seconds(j, i) != full.seconds(i, j)) columnDiffersFromRow++;
        }
      }
    }
    // one-way streets (and every turn) make most columns differ from the row: a transposed row
    // fails
    assertThat(columnDiffersFromRow).isGreaterThan(100);
  }

  @Test
  void everyCellAskedForEqualsTheFullMatrixAndTheRestIsTheGreatCircleEstimate() {
    RoadNetwork net = MonacoFixture.network();
    Random rnd = new Random(5);
    for (long seed = 0; seed < 6; seed++) {
      List<Location> pts = MonacoFixture.snappablePoints(40, 200 + seed);
      MatrixCells cells = randomCells(rnd, pts.size(), 2, 60);

      TravelMatrix sparse = net.matrix(pts, cells);

      TravelMatrix full = net.matrix(pts);
      int estimated = 0;
      for (int i = 0; i < pts.size(); i++) {
        for (int j = 0; j < pts.size(); j++) {
          if (cells.contains(i, j) || i == j) {
            assertCellEquals(sparse, full, i, j);
          } else {
            double greatCircle =
                net.config().detourFactor()
                    * HaversineMatrix.greatCircleMetres(pts.get(i), pts.get(j));
            assertThat(sparse.metres(i, j)).isEqualTo(greatCircle);
            estimated++;
          }
        }
      }
      assertThat(estimated).isGreaterThan(pts.size() * pts.size() / 2);
    }
  }

  @Test
  void pointsOutsideTheMapOrOffTheRoadGetTheFullMatrixMetricAndFallback() {
    // a 25 m snap limit leaves some random points inside the map off the road
    try (RoadNetwork net = RoadNetwork.load(MonacoFixture.config().withMaxSnapMetres(25))) {
      List<Location> pts = new ArrayList<>(randomPointsInBounds(net, 30, 7));
      pts.add(NICE);
      pts.add(MENTON);
      long offRoad =
          pts.stream().filter(p -> net.snap(p).status() == SnapResult.Status.NOT_SNAPPABLE).count();
      long onRoad =
          pts.stream().filter(p -> net.snap(p).status() == SnapResult.Status.SNAPPED).count();
      assertThat(offRoad).isGreaterThanOrEqualTo(3);
      assertThat(onRoad).isGreaterThanOrEqualTo(5);
      int firstOff = indexOf(net, pts, SnapResult.Status.NOT_SNAPPABLE);
      int firstOn = indexOf(net, pts, SnapResult.Status.SNAPPED);
      MatrixCells.Builder b =
          MatrixCells.builder()
              .rowAndColumn(pts.indexOf(NICE))
              .rowAndColumn(firstOff)
              .rowAndColumn(firstOn);
      Random rnd = new Random(3);
      for (int k = 0; k < 40; k++) b.leg(rnd.nextInt(pts.size()), rnd.nextInt(pts.size()));
      MatrixCells cells = b.build();

      TravelMatrix sparse = net.matrix(pts, cells);

      TravelMatrix full = net.matrix(pts);
      for (int i = 0; i < pts.size(); i++) {
        assertThat(sparse.pointMetric(i)).isEqualTo(full.pointMetric(i));
        for (int j = 0; j < pts.size(); j++) {
          assertThat(sparse.metric(i, j)).isEqualTo(full.metric(i, j));
          boolean offRoadEnd =
              net.snap(pts.get(i)).status() != SnapResult.Status.SNAPPED
                  || net.snap(pts.get(j)).status() != SnapResult.Status.SNAPPED;
          if (cells.contains(i, j) || offRoadEnd) assertCellEquals(sparse, full, i, j);
        }
      }
      int nice = pts.indexOf(NICE);
      assertThat(sparse.reachable(nice, firstOn)).isTrue();
      assertThat(sparse.reachable(nice, firstOff)).isFalse();
      assertThat(sparse.reachable(firstOn, firstOff)).isFalse();
    }
  }

  @Test
  void aLegFiguresDependOnItsTwoPointsAloneNotOnTheRestOfTheMatrix() {
    RoadNetwork net = MonacoFixture.network();
    for (long seed = 0; seed < 5; seed++) {
      List<Location> few = MonacoFixture.snappablePoints(15, 300 + seed);
      List<Location> many = new ArrayList<>(few);
      many.addAll(MonacoFixture.snappablePoints(60, 400 + seed));

      TravelMatrix small = net.matrix(few);
      TravelMatrix large = net.matrix(many);

      for (int i = 0; i < few.size(); i++) {
        for (int j = 0; j < few.size(); j++) assertCellEquals(small, large, i, j);
      }
    }
  }

  @Test
  void theLegCacheKeepsNoMoreThanItsBoundAndAnswersStayExact() {
    try (RoadNetwork net = RoadNetwork.load(MonacoFixture.config().withCacheEntries(8))) {
      List<Location> pts = MonacoFixture.snappablePoints(40, 500);
      MatrixCells cells = randomCells(new Random(9), pts.size(), 0, 30);
      TravelMatrix full = net.matrix(pts);

      for (int round = 0; round < 2; round++) {
        TravelMatrix sparse = net.matrix(pts, cells);

        assertThat(net.cachedLegs()).isEqualTo(8);
        for (MatrixCells.Cell c : cells.legs()) assertCellEquals(sparse, full, c.from(), c.to());
      }
    }
  }

  @Test
  void aRouteLegAskedForAgainComesFromTheCache() {
    try (RoadNetwork net = RoadNetwork.load(MonacoFixture.config())) {
      List<Location> pts = MonacoFixture.snappablePoints(20, 600);
      MatrixCells.Builder b = MatrixCells.builder();
      for (int i = 0; i + 1 < pts.size(); i++) b.leg(i, i + 1);
      MatrixCells route = b.build();

      TravelMatrix first = net.matrix(pts, route);
      int cached = net.cachedLegs();
      TravelMatrix second = net.matrix(pts, route);

      assertThat(cached).isEqualTo(pts.size() - 1);
      assertThat(net.cachedLegs()).isEqualTo(cached);
      for (MatrixCells.Cell c : route.legs()) assertCellEquals(second, first, c.from(), c.to());
    }
  }

  @Test
  void twoPlannersSharingOneNetworkEachGetTheFullMatrixFigures() throws Exception {
    RoadNetwork net = MonacoFixture.network();
    List<List<Location>> sets = new ArrayList<>();
    List<TravelMatrix> fulls = new ArrayList<>();
    for (long seed = 0; seed < 6; seed++) {
      List<Location> pts = MonacoFixture.snappablePoints(30, 700 + seed);
      sets.add(pts);
      fulls.add(net.matrix(pts));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Random rnd = new Random(t);
        runs.add(
            pool.submit(
                () -> {
                  for (int k = 0; k < 30; k++) {
                    int s = rnd.nextInt(sets.size());
                    MatrixCells cells = randomCells(rnd, 30, 1, 30);
                    TravelMatrix sparse = net.matrix(sets.get(s), cells);
                    for (int i = 0; i < 30; i++) {
                      for (int j = 0; j < 30; j++) {
                        if (cells.contains(i, j)) assertCellEquals(sparse, fulls.get(s), i, j);
                      }
                    }
                  }
                }));
      }
      for (Future<?> f : runs) f.get();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cellsNamingAPointBeyondTheListAreRefused() {
    RoadNetwork net = MonacoFixture.network();
    List<Location> pts = MonacoFixture.snappablePoints(3, 1);

    assertThatThrownBy(() -> net.matrix(pts, MatrixCells.builder().leg(0, 3).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertCellEquals(TravelMatrix actual, TravelMatrix expected, int i, int j) {
    assertThat(actual.seconds(i, j)).as("seconds %d→%d", i, j).isEqualTo(expected.seconds(i, j));
    assertThat(actual.metres(i, j)).as("metres %d→%d", i, j).isEqualTo(expected.metres(i, j));
  }

  private static MatrixCells randomCells(Random rnd, int n, int full, int legs) {
    MatrixCells.Builder b = MatrixCells.builder();
    for (int k = 0; k < full; k++) b.rowAndColumn(rnd.nextInt(n));
    for (int k = 0; k < legs; k++) b.leg(rnd.nextInt(n), rnd.nextInt(n));
    return b.build();
  }

  private static List<Location> randomPointsInBounds(RoadNetwork net, int n, long seed) {
    double[] b = net.bounds();
    Random rnd = new Random(seed);
    List<Location> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add(
          new Location(
              b[0] + rnd.nextDouble() * (b[2] - b[0]), b[1] + rnd.nextDouble() * (b[3] - b[1])));
    }
    return out;
  }

  private static int indexOf(RoadNetwork net, List<Location> pts, SnapResult.Status status) {
    for (int i = 0; i < pts.size(); i++) {
      if (net.snap(pts.get(i)).status() == status) return i;
    }
    throw new AssertionError("no point " + status);
  }
}
