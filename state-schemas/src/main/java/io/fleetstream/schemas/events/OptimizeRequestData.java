package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A request to optimize routes for a set of jobs and drivers. It carries the jobs and drivers as
 * the requester saw them, so the run solves exactly that problem and can be replayed.
 *
 * @param mode {@code plan} (answer only) or {@code commit} (the plan becomes the live assignment)
 * @param correlationId echoed on the result, so a waiting caller finds its answer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OptimizeRequestData(
    String runId,
    String correlationId,
    String mode,
    OptimizeOptions options,
    List<JobData> jobs,
    List<DriverData> drivers,
    Instant requestedAt)
    implements EventData {

  public OptimizeRequestData {
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
    drivers = drivers == null ? List.of() : List.copyOf(drivers);
  }
}
