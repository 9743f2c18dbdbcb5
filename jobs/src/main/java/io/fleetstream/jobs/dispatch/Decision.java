package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.events.AssignmentReason;

/**
 * The outcome of deciding one job: a driver with its explained score, or a reason code.
 *
 * @param candidates drivers considered (available and in the zone)
 */
public record Decision(
    String driverId,
    int rank,
    double score,
    AssignmentReason reason,
    double distanceM,
    String unassignedReason,
    int candidates) {

  public static Decision assign(String driverId, double score, AssignmentReason reason, double distanceM, int candidates) {
    return new Decision(driverId, 1, score, reason, distanceM, null, candidates);
  }

  public static Decision unassigned(String reasonCode, int candidates) {
    return new Decision(null, 0, 0, null, 0, reasonCode, candidates);
  }

  public boolean assigned() {
    return driverId != null;
  }
}
