package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A what-if on one zone: the planner takes a snapshot of the zone's open work as it holds it now,
 * applies these changes to a copy and has it solved beside the current plan. Nothing live changes:
 * the request and its answer travel on {@code fleetstream.simulations.v1} only.
 *
 * @param addDrivers drivers that exist only in the scenario
 * @param removeDriverIds live drivers the scenario goes without (their jobs are free to move)
 * @param addJobs jobs that exist only in the scenario
 * @param objective the scenario's objective; null: {@code min_duration}
 * @param timeLimitS the scenario solve's budget in seconds; null: 2
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SimulationRequestData(
    String runId,
    String zone,
    List<DriverData> addDrivers,
    List<String> removeDriverIds,
    List<JobData> addJobs,
    String objective,
    Double timeLimitS,
    Long seed,
    Instant requestedAt)
    implements EventData {

  public SimulationRequestData {
    addDrivers = addDrivers == null ? List.of() : List.copyOf(addDrivers);
    removeDriverIds = removeDriverIds == null ? List.of() : List.copyOf(removeDriverIds);
    addJobs = addJobs == null ? List.of() : List.copyOf(addJobs);
  }
}
