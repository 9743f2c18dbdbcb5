package io.fleetstream.routing.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The explanation of one score. Parts in [0, 1] feed the score; {@code predicted_duration_minutes}
 * is the time the job adds to the route (detour plus service), {@code delay_risk} in [0, 1] grows
 * as the tightest time-window slack after insertion shrinks.
 */
@JsonPropertyOrder({
  "skill_match",
  "distance_score",
  "priority_weight",
  "performance",
  "availability",
  "predicted_duration_minutes",
  "delay_risk"
})
public record ScoreReason(
    @JsonProperty("skill_match") double skillMatch,
    @JsonProperty("distance_score") double distanceScore,
    @JsonProperty("priority_weight") double priorityWeight,
    double performance,
    double availability,
    @JsonProperty("predicted_duration_minutes") double predictedDurationMinutes,
    @JsonProperty("delay_risk") double delayRisk) {}
