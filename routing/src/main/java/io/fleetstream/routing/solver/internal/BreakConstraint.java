package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.problem.constraint.HardActivityConstraint;
import com.graphhopper.jsprit.core.problem.misc.ActivityContext;
import com.graphhopper.jsprit.core.problem.misc.JobInsertionContext;
import com.graphhopper.jsprit.core.problem.solution.route.activity.DeliverShipment;
import com.graphhopper.jsprit.core.problem.solution.route.activity.PickupShipment;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.StopRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * jsprit knows nothing of our drivers' breaks (its own break jobs have another meaning), so for a
 * driver with breaks every insertion position is checked by simulating the route with the new stop
 * in {@link RouteSimulator}, which takes the breaks: a position whose route is infeasible there is
 * refused. jsprit's own timing ignores the breaks and is only a relaxation of the simulation, so
 * this keeps every jsprit route one that the simulator accepts. A pickup is checked on the route
 * with the pickup alone (a stop more never makes a route feasible), its dropoff with both.
 *
 * <p>Costs a simulation of the route per position, only for drivers with breaks.
 */
final class BreakConstraint implements HardActivityConstraint {

  private final RouteSimulator simulator;
  private final Map<String, Driver> driversWithBreaks;

  BreakConstraint(RouteSimulator simulator, Map<String, Driver> driversWithBreaks) {
    this.simulator = simulator;
    this.driversWithBreaks = driversWithBreaks;
  }

  @Override
  public ConstraintsStatus fulfilled(
      JobInsertionContext ctx,
      TourActivity prev,
      TourActivity act,
      TourActivity next,
      double prevDeparture) {
    Driver d = driversWithBreaks.get(ctx.getNewVehicle().getId());
    if (d == null || !(act instanceof TourActivity.JobActivity ja)) {
      return ConstraintsStatus.FULFILLED;
    }
    String id = ja.getJob().getId();
    List<StopRef> seq = new ArrayList<>(JspritModel.refs(ctx.getRoute()));
    int at = insertionIndex(ctx.getActivityContext(), ctx, next);
    if (act instanceof PickupShipment) {
      seq.add(at, StopRef.pickup(id));
    } else if (act instanceof DeliverShipment) {
      ActivityContext pickup = ctx.getRelatedActivityContext();
      if (pickup == null) return ConstraintsStatus.FULFILLED; // cannot place it: leave it to jsprit
      seq.add(at, StopRef.dropoff(id));
      seq.add(pickup.getInsertionIndex(), StopRef.pickup(id));
    } else {
      seq.add(at, StopRef.service(id));
    }
    return simulator.run(d, seq).feasible()
        ? ConstraintsStatus.FULFILLED
        : ConstraintsStatus.NOT_FULFILLED;
  }

  /** Where the new activity goes among the route's activities: before {@code next}. */
  private static int insertionIndex(ActivityContext c, JobInsertionContext ctx, TourActivity next) {
    if (c != null) return c.getInsertionIndex();
    List<TourActivity> acts = ctx.getRoute().getActivities();
    for (int i = 0; i < acts.size(); i++) {
      if (acts.get(i) == next) return i;
    }
    return acts.size();
  }
}
