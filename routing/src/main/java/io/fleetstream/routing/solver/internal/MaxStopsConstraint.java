package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.problem.constraint.HardRouteConstraint;
import com.graphhopper.jsprit.core.problem.misc.JobInsertionContext;
import java.util.Map;

/** A driver's route may hold at most its max stops (a pair counts as two stops). */
final class MaxStopsConstraint implements HardRouteConstraint {

  private final Map<String, Integer> maxStopsByVehicle;

  MaxStopsConstraint(Map<String, Integer> maxStopsByVehicle) {
    this.maxStopsByVehicle = maxStopsByVehicle;
  }

  @Override
  public boolean fulfilled(JobInsertionContext ctx) {
    Integer max = maxStopsByVehicle.get(ctx.getNewVehicle().getId());
    if (max == null) return true;
    return ctx.getRoute().getActivities().size() + ctx.getJob().getActivities().size() <= max;
  }
}
