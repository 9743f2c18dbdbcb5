package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.algorithm.listener.IterationStartsListener;
import com.graphhopper.jsprit.core.problem.VehicleRoutingProblem;
import com.graphhopper.jsprit.core.problem.constraint.SoftActivityConstraint;
import com.graphhopper.jsprit.core.problem.cost.VehicleRoutingTransportCosts;
import com.graphhopper.jsprit.core.problem.misc.JobInsertionContext;
import com.graphhopper.jsprit.core.problem.solution.VehicleRoutingProblemSolution;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import com.graphhopper.jsprit.core.problem.solution.route.activity.End;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import java.util.Collection;

/**
 * Steers insertions toward short routes for the {@code balanced} objective: the extra time an
 * insertion adds is charged again on routes longer than the mean route (idle drivers included) of
 * the current solution, and credited on shorter ones. The exact balance term lives in the objective
 * ({@link PlanCost}); this only gives the insertion heuristics the same direction.
 */
final class BalanceConstraint implements SoftActivityConstraint, IterationStartsListener {

  private final VehicleRoutingTransportCosts costs;
  private volatile double meanDuration = 0;

  BalanceConstraint(VehicleRoutingTransportCosts costs) {
    this.costs = costs;
  }

  @Override
  public void informIterationStarts(
      int i, VehicleRoutingProblem problem, Collection<VehicleRoutingProblemSolution> solutions) {
    double sum = 0;
    int n = 0;
    for (VehicleRoutingProblemSolution s : solutions) {
      for (VehicleRoute r : s.getRoutes()) sum += r.getEnd().getArrTime() - r.getDepartureTime();
      n += problem.getVehicles().size(); // idle vehicles count as zero-length routes
    }
    meanDuration = n == 0 ? 0 : sum / n;
  }

  @Override
  public double getCosts(
      JobInsertionContext ctx,
      TourActivity prev,
      TourActivity act,
      TourActivity next,
      double prevDeparture) {
    if (meanDuration <= 0) return 0;
    double current = duration(ctx.getRoute());
    double added = addedTime(costs, ctx, prev, act, next, prevDeparture);
    // The balance term's derivative: time added to a route above the mean costs extra, time added
    // to one below it earns back; tanh smooths the sign over ±10 % of the mean.
    return PlanCost.BALANCE_WEIGHT
        * Math.max(0, added)
        * Math.tanh((current - meanDuration) / (0.1 * meanDuration));
  }

  /** Duration of a jsprit route from departure to arrival at its end; 0 when empty. */
  static double duration(VehicleRoute route) {
    return route.isEmpty() ? 0 : route.getEnd().getArrTime() - route.getDepartureTime();
  }

  /**
   * Time an insertion of {@code act} between {@code prev} and {@code next} adds to its route:
   * detour plus service, waiting left out (shared with {@link MakespanConstraint}).
   */
  static double addedTime(
      VehicleRoutingTransportCosts costs,
      JobInsertionContext ctx,
      TourActivity prev,
      TourActivity act,
      TourActivity next,
      double prevDeparture) {
    double added =
        costs.getTransportTime(
                prev.getLocation(), act.getLocation(), prevDeparture, null, ctx.getNewVehicle())
            + act.getOperationTime();
    if (!(next instanceof End) || ctx.getNewVehicle().isReturnToDepot()) {
      var nextLoc = next instanceof End ? ctx.getNewVehicle().getEndLocation() : next.getLocation();
      added +=
          costs.getTransportTime(
                  act.getLocation(), nextLoc, prevDeparture, null, ctx.getNewVehicle())
              - costs.getTransportTime(
                  prev.getLocation(), nextLoc, prevDeparture, null, ctx.getNewVehicle());
    }
    return added;
  }
}
