package io.fleetstream.routing.road.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.graphhopper.GraphHopper;
import com.graphhopper.routing.ev.Subnetwork;
import com.graphhopper.routing.util.DefaultSnapFilter;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.util.PMap;
import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.MonacoFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Backward searches, single-target searches and legs along one road, on the Monaco graph. */
class PathSearchTest {

  private static GraphHopper hopper;
  private static Snapper snapper;
  private static PathSearch search;

  @BeforeAll
  static void loadGraph() {
    Path dir = MonacoFixture.config().dataDir();
    hopper = GraphLoader.load(GraphLoader.bundledMonaco(dir), dir);
    Weighting w = hopper.createWeighting(hopper.getProfile(GraphLoader.PROFILE), new PMap());
    DefaultSnapFilter filter =
        new DefaultSnapFilter(
            w,
            hopper
                .getEncodingManager()
                .getBooleanEncodedValue(Subnetwork.key(GraphLoader.PROFILE)));
    snapper = new Snapper(hopper.getBaseGraph(), hopper.getLocationIndex(), filter, w, 500);
    search = new PathSearch(hopper.getBaseGraph(), w, snapper);
  }

  @AfterAll
  static void closeGraph() {
    hopper.close();
  }

  @Test
  void oneBackwardSearchGivesExactlyTheLegsOfEveryForwardSearchIntoAOneWayStreet() {
    Anchor[] all = anchors(MonacoFixture.snappablePoints(60, 21));
    List<Anchor> oneWay = new ArrayList<>();
    for (Anchor a : all) {
      if (isOneWay(a)) oneWay.add(a);
    }
    assertThat(oneWay).hasSizeGreaterThanOrEqualTo(3);
    long[] colMs = new long[all.length];
    long[] colMm = new long[all.length];
    long[] rowMs = new long[all.length];
    long[] rowMm = new long[all.length];
    long[] ms = new long[1];
    long[] mm = new long[1];
    for (Anchor target : oneWay.subList(0, 3)) {
      search.toOne(target, all, colMs, colMm);
      search.fromOne(target, all, rowMs, rowMm);

      int differsFromRow = 0;
      for (int s = 0; s < all.length; s++) {
        search.fromOne(all[s], new Anchor[] {target}, ms, mm);
        assertThat(colMs[s]).as("millis from %d", s).isEqualTo(ms[0]);
        assertThat(colMm[s]).as("mm from %d", s).isEqualTo(mm[0]);
        if (colMs[s] != rowMs[s]) differsFromRow++;
      }
      assertThat(differsFromRow).isGreaterThan(all.length / 2);
    }
  }

  @Test
  void aSearchThatStopsAtItsTargetGivesTheFiguresOfTheWholeTree() {
    Anchor[] all = anchors(MonacoFixture.snappablePoints(40, 22));
    long[] ms = new long[all.length];
    long[] mm = new long[all.length];
    for (int s = 0; s < 5; s++) {
      search.fromOne(all[s], all, ms, mm);
      for (int t = 0; t < all.length; t++) {
        Leg leg = search.leg(all[s], all[t]);
        assertThat(leg).isEqualTo(new Leg(ms[t], mm[t]));
      }
    }
  }

  @Test
  void twoPointsOnOneRoadDriveStraightAlongItInsteadOfTurningAtItsEnds() {
    Random rnd = new Random(4);
    int found = 0;
    for (Location p : MonacoFixture.snappablePoints(300, 23)) {
      Location q =
          new Location(
              p.lat() + (rnd.nextDouble() - 0.5) * 2e-4, p.lng() + (rnd.nextDouble() - 0.5) * 2e-4);
      Anchor a = snapper.anchor(p);
      Anchor b = snapper.anchor(q);
      if (!b.onRoad() || !a.sharesEdgeWith(b) || !isTwoWay(a)) continue;
      Leg there = search.leg(a, b);
      Leg back = search.leg(b, a);
      long[] ms = new long[1];
      long[] mm = new long[1];
      search.toOne(b, new Anchor[] {a}, ms, mm);

      assertThat(new Leg(ms[0], mm[0])).isEqualTo(there);
      // about as far as the points are apart (≤ 30 m), not a detour through either end of the road
      double apart = HaversineMatrix.greatCircleMetres(p, q);
      assertThat(there.metres()).isLessThan(apart + 60);
      assertThat(back.metres()).isLessThan(apart + 60);
      found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(5);
  }

  private static Anchor[] anchors(List<Location> points) {
    return points.stream().map(snapper::anchor).toArray(Anchor[]::new);
  }

  /** On a road drivable one way only: one piece leads out of the point, another one in. */
  private static boolean isOneWay(Anchor a) {
    return a.edge() >= 0
        && a.out().size() == 1
        && a.in().size() == 1
        && a.out().nodes()[0] != a.in().nodes()[0];
  }

  private static boolean isTwoWay(Anchor a) {
    return a.edge() >= 0 && a.out().size() == 2 && a.in().size() == 2;
  }
}
