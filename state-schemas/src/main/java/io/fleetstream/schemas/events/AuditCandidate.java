package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One driver as the policy saw them for one decision.
 *
 * @param excludedReason why the driver could not take the job ({@code SHIFT}, {@code SKILL}, {@code
 *     MAX_STOPS}); absent for an eligible driver
 * @param score the driver's score when eligible
 * @param reason the score's breakdown, for a driver the policy scored
 * @param insertAt where on the driver's route the job would go (0 = first), for a scored driver
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditCandidate(
    String driverId,
    double distanceM,
    Double score,
    String excludedReason,
    AssignmentReason reason,
    Integer insertAt) {

  /** A driver as the eligibility check saw them: no breakdown, no position. */
  public AuditCandidate(String driverId, double distanceM, Double score, String excludedReason) {
    this(driverId, distanceM, score, excludedReason, null, null);
  }
}
