package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Why a driver ranked where it did: each factor in [0, 1] except the predicted duration. Together
 * with the weights version, any decision can be replayed against the model that made it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AssignmentReason(
    double skillMatch,
    double distanceScore,
    double priorityWeight,
    double performance,
    double availability,
    double predictedDurationMinutes,
    double delayRisk) {}
