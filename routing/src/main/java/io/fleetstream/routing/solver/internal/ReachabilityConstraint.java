package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.problem.constraint.HardActivityConstraint;
import com.graphhopper.jsprit.core.problem.misc.JobInsertionContext;
import com.graphhopper.jsprit.core.problem.solution.route.activity.End;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import io.fleetstream.routing.matrix.TravelMatrix;

/** Forbids legs that no road connects (a point inside the map on an isolated piece of road). */
final class ReachabilityConstraint implements HardActivityConstraint {

  private final TravelMatrix matrix;

  ReachabilityConstraint(TravelMatrix matrix) {
    this.matrix = matrix;
  }

  @Override
  public ConstraintsStatus fulfilled(
      JobInsertionContext ctx,
      TourActivity prev,
      TourActivity act,
      TourActivity next,
      double prevDeparture) {
    int p = prev.getLocation().getIndex();
    int a = act.getLocation().getIndex();
    if (!matrix.reachable(p, a)) return ConstraintsStatus.NOT_FULFILLED;
    if (next instanceof End) {
      if (!ctx.getNewVehicle().isReturnToDepot()) return ConstraintsStatus.FULFILLED;
      int e = ctx.getNewVehicle().getEndLocation().getIndex();
      return matrix.reachable(a, e) ? ConstraintsStatus.FULFILLED : ConstraintsStatus.NOT_FULFILLED;
    }
    return matrix.reachable(a, next.getLocation().getIndex())
        ? ConstraintsStatus.FULFILLED
        : ConstraintsStatus.NOT_FULFILLED;
  }
}
