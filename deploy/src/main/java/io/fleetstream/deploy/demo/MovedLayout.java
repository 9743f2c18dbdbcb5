package io.fleetstream.deploy.demo;

import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.MatrixBenchmark;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.road.SnapResult;
import io.fleetstream.schemas.events.GeoPoint;
import java.util.Comparator;

/** The demo's Monaco layout moved, metres kept, to the place of another map that suits it best. */
final class MovedLayout implements DemoLayout {

  /** The middle of the script's places in Monaco. */
  private static final double MONACO_LAT = 43.7368;

  private static final double MONACO_LNG = 7.4250;

  /** The corners and middle of the script's area in Monaco, enough to judge a place for it. */
  private static final double[][] SCRIPT_AREA = {
    {43.7285, 7.4163}, {43.7455, 7.4360}, {43.7390, 7.4209}, {43.7396, 7.4276}, {43.7308, 7.4253},
    {43.7276, 7.4156}, {43.7313, 7.4130}, {43.7437, 7.4306}, {43.7420, 7.4290}, {43.7352, 7.4229}
  };

  private final RoadNetwork road;
  private final Location anchor;
  private final double lngScale;

  MovedLayout(RoadNetwork road) {
    this.road = road;
    this.anchor = bestAnchor(road);
    this.lngScale = lngScale(anchor);
  }

  @Override
  public GeoPoint place(double lat, double lng, String name) {
    Location moved = moved(anchor, lngScale, lat, lng);
    SnapResult snap = road.snap(moved);
    Location at = snap.status() == SnapResult.Status.SNAPPED ? snap.snapped() : moved;
    return new GeoPoint(at.lat(), at.lng(), name + " (the demo's Monaco layout, moved)");
  }

  /**
   * Of 200 road points spread over the map, the one around which the script's places lie closest to
   * roads (a town rather than a mountainside), the nearest to the map's middle among equals.
   */
  private static Location bestAnchor(RoadNetwork road) {
    double[] b = road.bounds();
    Location middle = new Location((b[0] + b[2]) / 2, (b[1] + b[3]) / 2);
    Comparator<Location> order =
        Comparator.<Location>comparingDouble(a -> offRoadSteps(road, a))
            .thenComparingDouble(a -> squared(a, middle));
    return MatrixBenchmark.randomRoadPoints(road, 200, 1).stream().min(order).orElseThrow();
  }

  /** How far the script's area, moved to {@code anchor}, lies from roads, in 50 m steps. */
  private static double offRoadSteps(RoadNetwork road, Location anchor) {
    double scale = lngScale(anchor);
    double total = 0;
    for (double[] p : SCRIPT_AREA) {
      double d = road.snap(moved(anchor, scale, p[0], p[1])).snapDistanceMetres();
      total += Double.isNaN(d) ? 1000 : Math.min(d, 1000);
    }
    return Math.round(total / 50);
  }

  /** A degree of longitude is shorter nearer the poles: east-west offsets scaled to keep metres. */
  private static double lngScale(Location anchor) {
    return Math.cos(Math.toRadians(MONACO_LAT)) / Math.cos(Math.toRadians(anchor.lat()));
  }

  private static Location moved(Location anchor, double lngScale, double lat, double lng) {
    return new Location(
        anchor.lat() + (lat - MONACO_LAT), anchor.lng() + (lng - MONACO_LNG) * lngScale);
  }

  private static double squared(Location a, Location b) {
    double dLat = a.lat() - b.lat();
    double dLng = (a.lng() - b.lng()) * Math.cos(Math.toRadians(b.lat()));
    return dLat * dLat + dLng * dLng;
  }
}
