package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.problem.constraint.SoftRouteConstraint;
import com.graphhopper.jsprit.core.problem.misc.JobInsertionContext;

/**
 * Charges the vehicle cost when a job opens an empty route. jsprit's insertion heuristics ignore a
 * vehicle's fixed cost by default, so without this they would open routes freely and leave it to
 * the acceptance step to notice.
 */
final class VehicleCostConstraint implements SoftRouteConstraint {

  private final double vehicleCost;

  VehicleCostConstraint(double vehicleCost) {
    this.vehicleCost = vehicleCost;
  }

  @Override
  public double getCosts(JobInsertionContext ctx) {
    return ctx.getRoute().isEmpty() ? vehicleCost : 0;
  }
}
