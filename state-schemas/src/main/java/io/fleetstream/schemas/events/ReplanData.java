package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A re-optimized plan for one zone, proposed to the planner. The planner adopts it only if the zone
 * has not changed since ({@code planVersion}) and it beats the current plan by the hysteresis
 * threshold, so drivers are not reshuffled for noise; an adopted plan is published on the plans
 * topic as it is here.
 *
 * @param currentCost the zone's current plan under the same objective
 * @param proposedCost the re-optimized plan's cost, including what it pays for the jobs it gives to
 *     other drivers (see {@code Reoptimization.moveCost}): the saving is net of the moves
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReplanData(
    String zone, long planVersion, double currentCost, double proposedCost, PlanData plan)
    implements EventData {

  /** The share of the current cost the proposal saves (0.05 = 5 %). */
  public double improvement() {
    return currentCost <= 0 ? 0 : (currentCost - proposedCost) / currentCost;
  }
}
