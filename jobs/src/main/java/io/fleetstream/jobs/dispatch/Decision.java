package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.events.AssignmentReason;
import io.fleetstream.schemas.events.AuditCandidate;
import java.util.List;

/**
 * The outcome of deciding one job: a driver with its explained score, or a reason code.
 *
 * @param candidates drivers considered (all of the zone's)
 * @param evaluated the nearest of them as the policy saw them, for the decision log
 * @param service the service time assumed for the chosen driver (null when unassigned)
 */
public record Decision(
    String driverId,
    int rank,
    double score,
    AssignmentReason reason,
    double distanceM,
    String unassignedReason,
    int candidates,
    List<AuditCandidate> evaluated,
    ServiceTimes.Estimate service) {

  public Decision {
    evaluated = evaluated == null ? List.of() : List.copyOf(evaluated);
  }

  public static Decision assign(String driverId, double score, AssignmentReason reason, double distanceM, int candidates,
      List<AuditCandidate> evaluated, ServiceTimes.Estimate service) {
    return new Decision(driverId, 1, score, reason, distanceM, null, candidates, evaluated, service);
  }

  public static Decision unassigned(String reasonCode, int candidates, List<AuditCandidate> evaluated) {
    return new Decision(null, 0, 0, null, 0, reasonCode, candidates, evaluated, null);
  }

  public boolean assigned() {
    return driverId != null;
  }
}
