package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * The result of an optimization run.
 *
 * @param status {@code completed} or {@code failed} (then {@code error} says why)
 * @param cost the objective's value (seconds for min_duration, metres for min_distance)
 * @param metric how travel was measured: {@code road} or {@code haversine}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanData(
    String runId,
    String correlationId,
    String status,
    String mode,
    String objective,
    Double cost,
    Double durationS,
    Double distanceM,
    List<PlanRoute> routes,
    List<UnassignedJob> unassigned,
    String metric,
    Long seed,
    Long elapsedMs,
    String error,
    Instant completedAt)
    implements EventData {

  public PlanData {
    routes = routes == null ? List.of() : List.copyOf(routes);
    unassigned = unassigned == null ? List.of() : List.copyOf(unassigned);
  }
}
