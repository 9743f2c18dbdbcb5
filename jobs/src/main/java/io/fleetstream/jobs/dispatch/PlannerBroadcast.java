package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.events.ScoringWeightsData;
import io.fleetstream.schemas.state.DurationPrediction;

/**
 * What every planner instance hears: a learned service duration, or an account's scoring weights
 * made active. Exactly one of the two is set.
 */
public record PlannerBroadcast(
    DurationPrediction prediction, String tenant, ScoringWeightsData weights) {

  public static PlannerBroadcast of(DurationPrediction prediction) {
    return new PlannerBroadcast(prediction, null, null);
  }

  public static PlannerBroadcast of(String tenant, ScoringWeightsData weights) {
    return new PlannerBroadcast(null, tenant, weights);
  }
}
