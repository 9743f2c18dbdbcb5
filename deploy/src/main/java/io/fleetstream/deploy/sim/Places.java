package io.fleetstream.deploy.sim;

import io.fleetstream.routing.road.MatrixBenchmark;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.schemas.events.GeoPoint;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Where simulated jobs happen and drivers start: the embedded map's streets, or any road map's. */
public interface Places {

  /** A place for a job or a driver's start, drawn with {@code random}. */
  GeoPoint near(Random random);

  /** Named streets of Monaco, the embedded map. */
  static Places monaco() {
    return MonacoPlaces::near;
  }

  /**
   * Points spread uniformly over a road map's bounds, each kept only when it snaps to a drivable
   * road, so that every place is reachable wherever the map's roads are (a map of mountains and
   * lakes keeps its places in its valleys). The same map and seed give the same places.
   */
  static Places onRoads(RoadNetwork road, long seed) {
    List<GeoPoint> points =
        MatrixBenchmark.randomRoadPoints(road, 200, seed).stream()
            .map(
                p ->
                    new GeoPoint(
                        p.lat(),
                        p.lng(),
                        String.format(Locale.ROOT, "road point %.5f, %.5f", p.lat(), p.lng())))
            .toList();
    return random -> points.get(random.nextInt(points.size()));
  }

  /** The places of {@code road}'s map: Monaco's streets on the embedded map, else road points. */
  static Places of(RoadNetwork road, boolean embeddedMap, long seed) {
    return embeddedMap ? monaco() : onRoads(road, seed);
  }
}
