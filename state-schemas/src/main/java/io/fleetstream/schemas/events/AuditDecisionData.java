package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * The decision log: what the planner saw and chose for one job, so any decision can be explained
 * and replayed against the same weights.
 *
 * @param decisionEventId the id of the assignment event this record explains
 * @param causeType the type of the input event that triggered the decision
 * @param candidates the nearest drivers of the zone (at most {@link #MAX_CANDIDATES}), eligible or
 *     not
 * @param candidatesConsidered how many drivers of the zone were looked at in all
 * @param predictedServiceMinutes the service time the decision assumed for the chosen driver
 * @param durationModelVersion the duration model version behind that time; absent when the declared
 *     duration was used (too few samples yet)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditDecisionData(
    String decisionEventId,
    String jobId,
    String zone,
    String causeEventId,
    String causeType,
    String outcome,
    String driverId,
    String unassignedReason,
    String policy,
    int weightsVersion,
    int candidatesConsidered,
    List<AuditCandidate> candidates,
    Double predictedServiceMinutes,
    Long durationModelVersion,
    Instant decidedAt)
    implements EventData {

  public static final int MAX_CANDIDATES = 20;

  public AuditDecisionData {
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
  }
}
