package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.problem.constraint.SoftRouteConstraint;
import com.graphhopper.jsprit.core.problem.misc.JobInsertionContext;
import io.fleetstream.routing.model.Incumbents;

/**
 * Charges the move cost when a job is inserted on a driver other than the one it has now, as {@link
 * PlanCost} does for the whole plan: without it the insertion heuristics would scatter the jobs
 * they re-insert over the nearest drivers and leave the acceptance step to notice the moves.
 */
final class ReassignmentConstraint implements SoftRouteConstraint {

  private final Incumbents incumbents;

  ReassignmentConstraint(Incumbents incumbents) {
    this.incumbents = incumbents;
  }

  @Override
  public double getCosts(JobInsertionContext ctx) {
    return incumbents.costOf(ctx.getJob().getId(), ctx.getNewVehicle().getId());
  }
}
