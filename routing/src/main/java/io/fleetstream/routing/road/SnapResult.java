package io.fleetstream.routing.road;

import io.fleetstream.routing.matrix.Metric;
import io.fleetstream.routing.model.Location;

/**
 * Where a point landed on the road graph: {@code SNAPPED} with the road point and the distance to
 * it, {@code NOT_SNAPPABLE} for a point inside the map with no road within the snap limit, or
 * {@code OUTSIDE_COVERAGE} for a point outside the loaded map (measured by great circle instead).
 */
public record SnapResult(
    Location point, Status status, Location snapped, double snapDistanceMetres) {

  /** The outcome of snapping one point. */
  public enum Status {
    SNAPPED,
    NOT_SNAPPABLE,
    OUTSIDE_COVERAGE
  }

  /** The metric legs to and from this point use. */
  public Metric metric() {
    return status == Status.OUTSIDE_COVERAGE ? Metric.HAVERSINE : Metric.ROAD;
  }
}
