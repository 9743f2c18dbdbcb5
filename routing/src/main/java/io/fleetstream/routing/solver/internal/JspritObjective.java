package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.problem.job.Job;
import com.graphhopper.jsprit.core.problem.solution.SolutionCostCalculator;
import com.graphhopper.jsprit.core.problem.solution.VehicleRoutingProblemSolution;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * jsprit's objective delegating to {@link PlanCost}, so search and reporting agree on every cost.
 */
final class JspritObjective implements SolutionCostCalculator {

  private final RouteSimulator simulator;
  private final Map<String, Driver> drivers;
  private final PlanCost cost;

  /**
   * Extra weight of jobs that kept staying unassigned (route elimination only); empty otherwise.
   */
  private final Map<String, Double> stubbornness = new java.util.HashMap<>();

  JspritObjective(RouteSimulator simulator, Map<String, Driver> drivers, PlanCost cost) {
    this.simulator = simulator;
    this.drivers = drivers;
    this.cost = cost;
  }

  @Override
  public double getCosts(VehicleRoutingProblemSolution solution) {
    List<Route> routes = new ArrayList<>(solution.getRoutes().size());
    for (VehicleRoute r : solution.getRoutes()) {
      routes.add(simulator.run(drivers.get(r.getVehicle().getId()), JspritModel.refs(r)).route());
    }
    List<String> unassigned = new ArrayList<>(solution.getUnassignedJobs().size());
    double extra = 0;
    for (Job j : solution.getUnassignedJobs()) {
      unassigned.add(j.getId());
      extra += stubbornness.getOrDefault(j.getId(), 0.0) * cost.penalty(j.getId());
    }
    return cost.of(routes, unassigned) + extra;
  }

  /**
   * Makes jobs that are still unassigned more expensive to leave out, so the search stops leaving
   * the same hard jobs out and rotates which ones it ejects (the ejection-pool idea of route
   * minimization heuristics).
   */
  void penalizeStubborn(java.util.Collection<Job> unassigned, double step) {
    for (Job j : unassigned) stubbornness.merge(j.getId(), step, Double::sum);
  }
}
