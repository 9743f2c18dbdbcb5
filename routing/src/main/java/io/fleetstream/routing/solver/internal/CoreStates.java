package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.algorithm.state.StateManager;
import com.graphhopper.jsprit.core.algorithm.state.UpdateActivityNextLocations;
import com.graphhopper.jsprit.core.algorithm.state.UpdateActivityPrevLocations;
import com.graphhopper.jsprit.core.algorithm.state.UpdateActivityTimes;
import com.graphhopper.jsprit.core.algorithm.state.UpdateEndLocationIfRouteIsOpen;
import com.graphhopper.jsprit.core.algorithm.state.UpdateFutureWaitingTimes;
import com.graphhopper.jsprit.core.algorithm.state.UpdateVariableCosts;
import com.graphhopper.jsprit.core.algorithm.state.UpdateVehicleDependentPracticalTimeWindows;
import com.graphhopper.jsprit.core.problem.VehicleRoutingProblem;
import com.graphhopper.jsprit.core.problem.constraint.ConstraintManager;
import com.graphhopper.jsprit.core.problem.constraint.SwitchNotFeasible;
import com.graphhopper.jsprit.core.problem.vehicle.Vehicle;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleImpl;
import com.graphhopper.jsprit.core.util.ActivityTimeTracker;
import java.util.List;

/**
 * jsprit's core states and constraints (its {@code AlgorithmUtil.addCoreConstraints}), except that
 * the latest start times of a route's stops are kept for the route's own vehicle only. jsprit keeps
 * them for every distinct vehicle in case a route switches vehicles; drivers starting at different
 * places are all distinct, so each route change cost one backward pass per driver (20 at 200 jobs,
 * 100 at 1,000 jobs). Without vehicle switch (see {@link SearchWorker}) no other vehicle's times
 * are ever read: insertion checks only a route's own vehicle, and an empty route has no stops to
 * time.
 */
final class CoreStates {

  private CoreStates() {}

  static void add(ConstraintManager constraints, StateManager states, VehicleRoutingProblem vrp) {
    boolean anyWithoutLocation =
        vrp.getJobsInclusiveInitialJobsInRoutes().values().stream()
            .flatMap(job -> job.getActivities().stream())
            .anyMatch(activity -> activity.getLocation() == null);
    if (anyWithoutLocation) {
      states.addStateUpdater(new UpdateActivityNextLocations());
      states.addStateUpdater(new UpdateActivityPrevLocations());
    }
    constraints.addTimeWindowConstraint();
    constraints.addLoadConstraint();
    constraints.addSkillsConstraint();
    constraints.addConstraint(new SwitchNotFeasible(states));
    states.updateLoadStates();
    states.updateTimeWindowStates();
    UpdateVehicleDependentPracticalTimeWindows windows =
        new UpdateVehicleDependentPracticalTimeWindows(
            states, vrp.getTransportCosts(), vrp.getActivityCosts());
    windows.setVehiclesToUpdate(route -> ownVehicle(route.getVehicle()));
    states.addStateUpdater(new UpdateEndLocationIfRouteIsOpen());
    states.addStateUpdater(windows);
    states.updateSkillStates();
    states.addStateUpdater(
        new UpdateActivityTimes(
            vrp.getTransportCosts(),
            ActivityTimeTracker.ActivityPolicy.AS_SOON_AS_TIME_WINDOW_OPENS,
            vrp.getActivityCosts()));
    states.addStateUpdater(
        new UpdateVariableCosts(vrp.getActivityCosts(), vrp.getTransportCosts(), states));
    states.addStateUpdater(new UpdateFutureWaitingTimes(states, vrp.getTransportCosts()));
  }

  private static List<Vehicle> ownVehicle(Vehicle v) {
    return v == null || v instanceof VehicleImpl.NoVehicle ? List.of() : List.of(v);
  }
}
