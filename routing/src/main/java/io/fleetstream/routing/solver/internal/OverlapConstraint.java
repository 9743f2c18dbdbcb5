package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.algorithm.listener.IterationStartsListener;
import com.graphhopper.jsprit.core.problem.VehicleRoutingProblem;
import com.graphhopper.jsprit.core.problem.constraint.SoftActivityConstraint;
import com.graphhopper.jsprit.core.problem.misc.JobInsertionContext;
import com.graphhopper.jsprit.core.problem.solution.VehicleRoutingProblemSolution;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import io.fleetstream.routing.matrix.TravelMatrix;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steers insertions toward compact routes for the {@code avoid_tour_overlap} objective: a stop
 * costs the travel seconds from its route's medoid to it (× {@link PlanCost#OVERLAP_WEIGHT}), which
 * is how much it can raise the route's spread in {@link PlanCost}; a stop opening an empty route
 * costs nothing. The medoid is kept per route object and recomputed when its number of stops
 * changes (insertion only adds stops; each iteration works on fresh copies, so the cache is dropped
 * when an iteration starts).
 */
final class OverlapConstraint implements SoftActivityConstraint, IterationStartsListener {

  private record Medoid(int stops, int at) {}

  private final TravelMatrix matrix;
  private final Map<VehicleRoute, Medoid> medoids = new IdentityHashMap<>();

  OverlapConstraint(TravelMatrix matrix) {
    this.matrix = matrix;
  }

  @Override
  public void informIterationStarts(
      int i, VehicleRoutingProblem problem, Collection<VehicleRoutingProblemSolution> solutions) {
    medoids.clear();
  }

  @Override
  public double getCosts(
      JobInsertionContext ctx,
      TourActivity prev,
      TourActivity act,
      TourActivity next,
      double prevDeparture) {
    VehicleRoute route = ctx.getRoute();
    if (route.isEmpty() || act.getLocation() == null) return 0;
    int m = medoid(route);
    if (m < 0) return 0;
    double s = matrix.seconds(m, act.getLocation().getIndex());
    return Double.isFinite(s) ? PlanCost.OVERLAP_WEIGHT * s : 0;
  }

  private int medoid(VehicleRoute route) {
    List<TourActivity> acts = route.getActivities();
    Medoid cached = medoids.get(route);
    if (cached != null && cached.stops() == acts.size()) return cached.at();
    int[] at = new int[acts.size()];
    int n = 0;
    for (TourActivity a : acts) {
      if (a.getLocation() != null && a.getLocation().getIndex() >= 0) {
        at[n++] = a.getLocation().getIndex();
      }
    }
    int m = PlanCost.medoid(matrix, at, n);
    medoids.put(route, new Medoid(acts.size(), m));
    return m;
  }
}
