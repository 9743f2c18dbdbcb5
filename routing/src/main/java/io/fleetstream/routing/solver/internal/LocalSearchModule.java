package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.algorithm.SearchStrategy;
import com.graphhopper.jsprit.core.algorithm.SearchStrategyModule;
import com.graphhopper.jsprit.core.algorithm.VehicleRoutingAlgorithm;
import com.graphhopper.jsprit.core.algorithm.listener.SearchStrategyModuleListener;
import com.graphhopper.jsprit.core.problem.solution.VehicleRoutingProblemSolution;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import io.fleetstream.routing.model.StopRef;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link RouteLocalSearch} on every plan a ruin and recreate produced, before the plan is
 * priced and accepted or not: the search then walks between local optima instead of between
 * whatever the recreate left. Installed in the phases that search on distance or time, not in those
 * that take a driver away ({@link SearchWorker}). The routes are rebuilt with the model's
 * activities; jsprit recomputes its states at the next insertion (every iteration starts from
 * cleared states).
 */
final class LocalSearchModule implements SearchStrategyModule {

  private final RouteLocalSearch search;
  private final JspritModel model;
  private final long deadlineNanos;

  private LocalSearchModule(RouteLocalSearch search, JspritModel model, long deadlineNanos) {
    this.search = search;
    this.model = model;
    this.deadlineNanos = deadlineNanos;
  }

  /** Appends the local search to each of the algorithm's strategies. */
  static void install(
      VehicleRoutingAlgorithm algorithm,
      RouteLocalSearch search,
      JspritModel model,
      long deadlineNanos) {
    LocalSearchModule module = new LocalSearchModule(search, model, deadlineNanos);
    for (SearchStrategy s : algorithm.getSearchStrategyManager().getStrategies()) {
      s.addModule(module);
    }
  }

  @Override
  public VehicleRoutingProblemSolution runAndGetSolution(VehicleRoutingProblemSolution solution) {
    Map<String, List<StopRef>> routes = new LinkedHashMap<>();
    for (VehicleRoute r : solution.getRoutes()) {
      if (!r.isEmpty()) routes.put(r.getVehicle().getId(), JspritModel.refs(r));
    }
    Map<String, List<StopRef>> better = search.improve(routes, deadlineNanos);
    if (better == null) return solution;
    Collection<VehicleRoute> out = solution.getRoutes();
    out.clear();
    better.forEach((driver, refs) -> out.add(model.route(driver, refs)));
    return solution;
  }

  @Override
  public String getName() {
    return "local_search";
  }

  @Override
  public void addModuleListener(SearchStrategyModuleListener listener) {}
}
