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
 * @param weightsVersion the scoring model that decided (1: nearest driver, 2: cheapest feasible
 *     insertion)
 * @param metric how travel was measured: {@code haversine} or {@code road}
 * @param insertAt where the job goes in the driver's order (null: at the end); with a pickup still
 *     on the route or in the job, the place of its (first) stop in the driver's stops
 * @param dropoffAt for a pickup-and-delivery job, where its delivery goes in the driver's stops
 *     once its pickup is at {@code insertAt} (null otherwise)
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
    ServiceTimes.Estimate service,
    int weightsVersion,
    String metric,
    Integer insertAt,
    Integer dropoffAt) {

  public Decision {
    evaluated = evaluated == null ? List.of() : List.copyOf(evaluated);
  }

  /** A decision of weights version 1 (nearest driver, straight line, appended to the route). */
  public Decision(
      String driverId,
      int rank,
      double score,
      AssignmentReason reason,
      double distanceM,
      String unassignedReason,
      int candidates,
      List<AuditCandidate> evaluated,
      ServiceTimes.Estimate service) {
    this(
        driverId,
        rank,
        score,
        reason,
        distanceM,
        unassignedReason,
        candidates,
        evaluated,
        service,
        NearestDriverPolicy.WEIGHTS_VERSION,
        "haversine",
        null,
        null);
  }

  public static Decision assign(
      String driverId,
      double score,
      AssignmentReason reason,
      double distanceM,
      int candidates,
      List<AuditCandidate> evaluated,
      ServiceTimes.Estimate service) {
    return new Decision(
        driverId, 1, score, reason, distanceM, null, candidates, evaluated, service);
  }

  public static Decision unassigned(
      String reasonCode, int candidates, List<AuditCandidate> evaluated) {
    return new Decision(null, 0, 0, null, 0, reasonCode, candidates, evaluated, null);
  }

  /** The same outcome, attributed to another scoring model. */
  Decision by(int version, String travelMetric) {
    return new Decision(
        driverId,
        rank,
        score,
        reason,
        distanceM,
        unassignedReason,
        candidates,
        evaluated,
        service,
        version,
        travelMetric,
        insertAt,
        dropoffAt);
  }

  public boolean assigned() {
    return driverId != null;
  }
}
