package io.fleetstream.deploy.sim;

import io.fleetstream.jobs.dispatch.NearestDriverPolicy;
import io.fleetstream.schemas.events.GeoPoint;
import java.util.List;

/** A straight line, stretched by a detour factor, at an average urban speed. */
public final class StraightPaths implements PathPlanner {

  private final double speedMps;
  private final double detour;

  public StraightPaths(double speedKmh, double detour) {
    this.speedMps = speedKmh / 3.6;
    this.detour = detour;
  }

  @Override
  public Path plan(GeoPoint from, GeoPoint to) {
    double metres = NearestDriverPolicy.distanceM(from, to) * detour;
    return new Path(List.of(from, to), metres, metres / speedMps);
  }
}
