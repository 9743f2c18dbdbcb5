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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditCandidate(
    String driverId, double distanceM, Double score, String excludedReason) {}
