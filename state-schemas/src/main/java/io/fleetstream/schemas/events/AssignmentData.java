package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A dispatch decision for one job: which driver got it and why, or why nobody could take it.
 *
 * @param driverId absent when the job is unassigned
 * @param rank the chosen driver's rank among the candidates (1 = best)
 * @param score 0–100, higher is better
 * @param metric how distances were measured: {@code road} or {@code haversine}
 * @param unassignedReason a reason code when no driver was chosen, e.g. {@code NO_DRIVER}
 * @param candidates how many drivers were considered
 * @param causeEventId the id of the input event that triggered this decision
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AssignmentData(
    String jobId,
    String driverId,
    String zone,
    Integer rank,
    Double score,
    AssignmentReason reason,
    Integer weightsVersion,
    Double distanceM,
    String metric,
    String unassignedReason,
    Integer candidates,
    Instant decidedAt,
    String causeEventId)
    implements EventData {

  public boolean assigned() {
    return driverId != null;
  }
}
