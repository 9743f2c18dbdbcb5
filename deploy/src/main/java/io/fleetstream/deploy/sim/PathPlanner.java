package io.fleetstream.deploy.sim;

import io.fleetstream.schemas.events.GeoPoint;
import java.util.List;

/** How a simulated driver gets from A to B: the seam where road routes replace straight lines. */
public interface PathPlanner {

  /** A drivable path: its points in order, its length and how long it takes. */
  record Path(List<GeoPoint> points, double metres, double seconds) {}

  Path plan(GeoPoint from, GeoPoint to);
}
