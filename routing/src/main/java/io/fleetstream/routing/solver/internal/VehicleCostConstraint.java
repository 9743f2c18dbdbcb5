package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.problem.constraint.SoftRouteConstraint;
import com.graphhopper.jsprit.core.problem.misc.JobInsertionContext;
import java.util.Map;

/**
 * Charges the vehicle cost when a job opens an empty route. jsprit's insertion heuristics ignore a
 * vehicle's fixed cost by default, so without this they would open routes freely and leave it to
 * the acceptance step to notice.
 */
final class VehicleCostConstraint implements SoftRouteConstraint {

  private final double vehicleCost;
  private final Map<String, Double> fixedCosts;

  VehicleCostConstraint(double vehicleCost) {
    this(vehicleCost, Map.of());
  }

  /**
   * @param fixedCosts each driver's own fixed cost, by vehicle id (absent ones 0)
   */
  VehicleCostConstraint(double vehicleCost, Map<String, Double> fixedCosts) {
    this.vehicleCost = vehicleCost;
    this.fixedCosts = Map.copyOf(fixedCosts);
  }

  @Override
  public double getCosts(JobInsertionContext ctx) {
    if (!ctx.getRoute().isEmpty()) return 0;
    return vehicleCost + fixedCosts.getOrDefault(ctx.getNewVehicle().getId(), 0.0);
  }
}
