package io.fleetstream.jobs.tracking;

import io.fleetstream.schemas.events.GeoPoint;
import java.io.Serializable;

/** Travel between two points: the seam where the road network replaces straight lines. */
public interface TravelEstimator extends Serializable {

  /** Distance in metres and duration in seconds of one leg. */
  record Leg(double distanceM, double durationS) {}

  Leg leg(GeoPoint from, GeoPoint to);

  /**
   * The leg from a driver's live position, which changes at every ping (an estimator may
   * approximate it).
   */
  default Leg fromPosition(GeoPoint position, GeoPoint to) {
    return leg(position, to);
  }

  /** {@code road} or {@code haversine}, reported with every estimate. */
  String metric();
}
