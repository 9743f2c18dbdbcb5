package io.fleetstream.deploy.sim;

import io.fleetstream.routing.geometry.Polyline;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.road.RoadRoute;
import io.fleetstream.schemas.events.GeoPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Drivers follow the road network: the fastest car route between the two points with the road
 * network's speeds, drawn point by point, so their telemetry traces streets. A leg the network
 * cannot drive (a point off the map, or no road between) is a straight line instead.
 */
public final class RoadPaths implements PathPlanner {

  private final RoadNetwork road;
  private final PathPlanner fallback;

  public RoadPaths(RoadNetwork road, PathPlanner fallback) {
    this.road = road;
    this.fallback = fallback;
  }

  @Override
  public Path plan(GeoPoint from, GeoPoint to) {
    RoadRoute route =
        road.route(List.of(new Location(from.lat(), from.lng()), new Location(to.lat(), to.lng())));
    if (!route.reachable() || !"road".equals(route.metric())) {
      return fallback.plan(from, to);
    }
    // The route runs between the points' snaps onto the road: the driver walks on and off it.
    List<GeoPoint> points = new ArrayList<>();
    points.add(from);
    for (Location p : Polyline.decode(route.polyline())) {
      points.add(GeoPoint.of(p.lat(), p.lng()));
    }
    points.add(to);
    return new Path(points, route.metres(), route.seconds());
  }
}
