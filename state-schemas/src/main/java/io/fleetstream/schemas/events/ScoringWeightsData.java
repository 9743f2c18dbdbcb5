package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * An account's scoring weights made active: once this reaches them, its planners score candidates
 * with these and every decision names {@code version}. Weights need not sum to 1; the scorer
 * normalizes them.
 *
 * @param version 3 and up (1 is the nearest-driver policy, 2 the built-in insertion weights)
 * @param punctuality the weight of {@code 1 - delay_risk}
 * @param learningRunId the retrain that produced them, so a decision can be traced to its data
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScoringWeightsData(
    int version,
    double distance,
    double availability,
    double performance,
    double punctuality,
    double priority,
    String learningRunId,
    Instant activatedAt)
    implements EventData {}
