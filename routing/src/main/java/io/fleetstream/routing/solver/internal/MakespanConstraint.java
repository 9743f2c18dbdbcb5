package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.algorithm.recreate.InsertionData;
import com.graphhopper.jsprit.core.algorithm.recreate.listener.InsertionStartsListener;
import com.graphhopper.jsprit.core.algorithm.recreate.listener.JobInsertedListener;
import com.graphhopper.jsprit.core.problem.constraint.SoftActivityConstraint;
import com.graphhopper.jsprit.core.problem.cost.VehicleRoutingTransportCosts;
import com.graphhopper.jsprit.core.problem.job.Job;
import com.graphhopper.jsprit.core.problem.misc.JobInsertionContext;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import java.util.Collection;

/**
 * Steers insertions toward a short longest route for the {@code min_max} objective: an insertion
 * that makes its route longer than the longest route of the partial solution being rebuilt is
 * charged W × the excess, W being the makespan weight of {@link PlanCost}. The longest route is
 * taken when an insertion pass starts (after the ruin) and raised after each insertion. The exact
 * term lives in the objective ({@link PlanCost}); this only gives the insertion heuristics the same
 * direction. Before the first pass (the construction of the first plan) it is 0, so every insertion
 * pays W × its route's new duration and the first plan fills the shortest routes first.
 */
final class MakespanConstraint
    implements SoftActivityConstraint, InsertionStartsListener, JobInsertedListener {

  private final VehicleRoutingTransportCosts costs;
  private final double weight;
  private double longest = 0;

  MakespanConstraint(VehicleRoutingTransportCosts costs, double weight) {
    this.costs = costs;
    this.weight = weight;
  }

  @Override
  public void informInsertionStarts(Collection<VehicleRoute> routes, Collection<Job> unassigned) {
    longest = 0;
    for (VehicleRoute r : routes) longest = Math.max(longest, BalanceConstraint.duration(r));
  }

  @Override
  public void informJobInserted(Job job, VehicleRoute inRoute, InsertionData data) {
    longest = Math.max(longest, BalanceConstraint.duration(inRoute));
  }

  @Override
  public double getCosts(
      JobInsertionContext ctx,
      TourActivity prev,
      TourActivity act,
      TourActivity next,
      double prevDeparture) {
    double current = BalanceConstraint.duration(ctx.getRoute());
    double added = BalanceConstraint.addedTime(costs, ctx, prev, act, next, prevDeparture);
    return weight * Math.max(0, current + Math.max(0, added) - longest);
  }
}
