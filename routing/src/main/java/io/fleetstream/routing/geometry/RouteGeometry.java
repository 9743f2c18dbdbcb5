package io.fleetstream.routing.geometry;

import io.fleetstream.routing.model.Location;
import java.util.List;

/** Draws a route through its waypoints as an encoded polyline. */
@FunctionalInterface
public interface RouteGeometry {

  /** Straight segments between the waypoints (no road graph). */
  RouteGeometry STRAIGHT = Polyline::encode;

  /** No geometry (planar benchmark instances, where coordinates are not degrees). */
  RouteGeometry NONE = waypoints -> "";

  String encodedPolyline(List<Location> waypoints);
}
