package io.fleetstream.routing.road.internal;

import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixCells;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import java.util.List;

/**
 * Builds a road matrix in which only the wanted cells are searched: a wanted point's row by one
 * forward tree and its column by one backward tree, each single leg from the leg cache or else by a
 * search that stops at its target. Cells touching a point off the road follow the full matrix's
 * rules (they cost nothing to compute); the remaining road cells hold the great-circle fallback
 * estimate. Runs in the calling thread.
 */
public final class SparseRoadMatrixBuilder {

  private SparseRoadMatrixBuilder() {}

  public static TravelMatrix build(
      List<Location> points,
      Anchor[] anchors,
      MatrixCells cells,
      PathSearch search,
      LegCache legs,
      HaversineMatrix fallback) {
    int n = points.size();
    double[] seconds = new double[n * n];
    double[] metres = new double[n * n];
    RoadMatrixBuilder.fillOffRoad(points, anchors, fallback, seconds, metres);
    int[] road = RoadMatrixBuilder.onRoad(anchors);
    for (int i : road) {
      if (cells.isFull(i)) continue;
      for (int j : road) {
        if (i != j && !cells.isFull(j))
          RoadMatrixBuilder.greatCircle(points, i, j, fallback, seconds, metres);
      }
    }
    Anchor[] roadAnchors = RoadMatrixBuilder.pick(anchors, road);
    long[] ms = new long[road.length];
    long[] mm = new long[road.length];
    for (int i : road) {
      if (!cells.isFull(i)) continue;
      search.fromOne(anchors[i], roadAnchors, ms, mm);
      for (int c = 0; c < road.length; c++)
        RoadMatrixBuilder.write(n, i, road[c], ms[c], mm[c], seconds, metres);
      search.toOne(anchors[i], roadAnchors, ms, mm);
      for (int c = 0; c < road.length; c++)
        RoadMatrixBuilder.write(n, road[c], i, ms[c], mm[c], seconds, metres);
    }
    for (MatrixCells.Cell cell : cells.legs()) {
      int i = cell.from();
      int j = cell.to();
      if (i == j
          || cells.isFull(i)
          || cells.isFull(j)
          || !anchors[i].onRoad()
          || !anchors[j].onRoad()) continue;
      Leg leg = legs.get(points.get(i), points.get(j));
      if (leg == null) {
        leg = search.leg(anchors[i], anchors[j]);
        legs.put(points.get(i), points.get(j), leg);
      }
      RoadMatrixBuilder.write(n, i, j, leg.millis(), leg.mm(), seconds, metres);
    }
    return new TravelMatrix(points, seconds, metres, RoadMatrixBuilder.metrics(anchors));
  }
}
