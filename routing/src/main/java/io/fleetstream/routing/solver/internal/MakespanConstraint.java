package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.algorithm.recreate.InsertionData;
import com.graphhopper.jsprit.core.algorithm.recreate.listener.InsertionStartsListener;
import com.graphhopper.jsprit.core.algorithm.recreate.listener.JobInsertedListener;
import com.graphhopper.jsprit.core.problem.Location;
import com.graphhopper.jsprit.core.problem.constraint.SoftActivityConstraint;
import com.graphhopper.jsprit.core.problem.cost.VehicleRoutingTransportCosts;
import com.graphhopper.jsprit.core.problem.job.Job;
import com.graphhopper.jsprit.core.problem.misc.JobInsertionContext;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import com.graphhopper.jsprit.core.problem.solution.route.activity.End;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import com.graphhopper.jsprit.core.problem.vehicle.Vehicle;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Steers insertions toward a short longest route for the {@code min_max} objectives: an insertion
 * that makes its route longer than the longest route of the partial solution being rebuilt is
 * charged W × the excess, W being the makespan weight of {@link PlanCost}; long means duration, or
 * distance for {@code min_max_distance}. The longest route is taken when an insertion pass starts
 * (after the ruin) and raised after each insertion. The exact term lives in the objective ({@link
 * PlanCost}); this only gives the insertion heuristics the same direction. Before the first pass
 * (the construction of the first plan) it is 0, so every insertion pays W × its route's new length
 * and the first plan fills the shortest routes first.
 */
final class MakespanConstraint
    implements SoftActivityConstraint, InsertionStartsListener, JobInsertedListener {

  private final VehicleRoutingTransportCosts costs;
  private final double weight;
  private final boolean byDistance;
  // Distance is not kept on jsprit's routes: each route's, computed when it changes, not for each
  // of the many insertion positions weighed in between.
  private final Map<VehicleRoute, Double> distances = new IdentityHashMap<>();
  private double longest = 0;

  MakespanConstraint(VehicleRoutingTransportCosts costs, double weight, boolean byDistance) {
    this.costs = costs;
    this.weight = weight;
    this.byDistance = byDistance;
  }

  @Override
  public void informInsertionStarts(Collection<VehicleRoute> routes, Collection<Job> unassigned) {
    longest = 0;
    distances.clear();
    for (VehicleRoute r : routes) longest = Math.max(longest, measure(r));
  }

  @Override
  public void informJobInserted(Job job, VehicleRoute inRoute, InsertionData data) {
    distances.remove(inRoute);
    longest = Math.max(longest, measure(inRoute));
  }

  @Override
  public double getCosts(
      JobInsertionContext ctx,
      TourActivity prev,
      TourActivity act,
      TourActivity next,
      double prevDeparture) {
    double current = measure(ctx.getRoute());
    double added =
        byDistance
            ? addedDistance(ctx, prev, act, next)
            : BalanceConstraint.addedTime(costs, ctx, prev, act, next, prevDeparture);
    return weight * Math.max(0, current + Math.max(0, added) - longest);
  }

  private double measure(VehicleRoute route) {
    if (!byDistance) return BalanceConstraint.duration(route);
    if (route.isEmpty()) return 0;
    return distances.computeIfAbsent(route, this::distance);
  }

  /** Metres from the route's start through its stops to its end (if it returns to one). */
  private double distance(VehicleRoute route) {
    Vehicle v = route.getVehicle();
    Location at = route.getStart().getLocation();
    double metres = 0;
    for (TourActivity a : route.getActivities()) {
      metres += costs.getDistance(at, a.getLocation(), 0, v);
      at = a.getLocation();
    }
    if (v.isReturnToDepot()) metres += costs.getDistance(at, route.getEnd().getLocation(), 0, v);
    return metres;
  }

  /** Metres an insertion of {@code act} between {@code prev} and {@code next} adds. */
  private double addedDistance(
      JobInsertionContext ctx, TourActivity prev, TourActivity act, TourActivity next) {
    Vehicle v = ctx.getNewVehicle();
    double added = costs.getDistance(prev.getLocation(), act.getLocation(), 0, v);
    if (!(next instanceof End) || v.isReturnToDepot()) {
      Location nextLoc = next instanceof End ? v.getEndLocation() : next.getLocation();
      added +=
          costs.getDistance(act.getLocation(), nextLoc, 0, v)
              - costs.getDistance(prev.getLocation(), nextLoc, 0, v);
    }
    return added;
  }
}
