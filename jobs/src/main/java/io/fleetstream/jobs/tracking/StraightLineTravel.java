package io.fleetstream.jobs.tracking;

import io.fleetstream.jobs.dispatch.NearestDriverPolicy;
import io.fleetstream.schemas.events.GeoPoint;

/** Great-circle distance times a detour factor, driven at an average speed. */
public final class StraightLineTravel implements TravelEstimator {

  private static final long serialVersionUID = 1L;

  private final double speedMps;
  private final double detourFactor;

  public StraightLineTravel(double averageSpeedKmh, double detourFactor) {
    if (averageSpeedKmh <= 0 || detourFactor < 1) {
      throw new IllegalArgumentException("speed must be positive and the detour factor at least 1");
    }
    this.speedMps = averageSpeedKmh / 3.6;
    this.detourFactor = detourFactor;
  }

  @Override
  public Leg leg(GeoPoint from, GeoPoint to) {
    double distance = NearestDriverPolicy.distanceM(from, to) * detourFactor;
    return new Leg(distance, distance / speedMps);
  }

  @Override
  public String metric() {
    return "haversine";
  }
}
