package io.fleetstream.jobs.simulate;

import io.fleetstream.jobs.optimize.ReoptimizeRequest;
import io.fleetstream.schemas.CloudEvent;
import java.util.Map;

/**
 * A what-if with the snapshot it starts from, as the zone's planner hands it to the simulation
 * stage.
 *
 * @param request the {@code simulation.requested} event
 * @param zone the zone's whole open work: jobs, available drivers where they are, routes, pins
 * @param pendingReasons why each job without a driver is waiting, as the planner last said
 */
public record SimulationInput(
    CloudEvent request, ReoptimizeRequest zone, Map<String, String> pendingReasons) {

  public SimulationInput {
    pendingReasons = Map.copyOf(pendingReasons);
  }
}
