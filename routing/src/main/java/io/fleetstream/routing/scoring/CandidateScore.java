package io.fleetstream.routing.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fleetstream.routing.model.ReasonCode;

/**
 * One driver's score for the job: rank (1 = best), 0–100 score, the reason breakdown, and either
 * the cheapest insertion or, when the driver cannot take the job at all, the reason code.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CandidateScore(
    @JsonProperty("driver_id") String driverId,
    int rank,
    double score,
    boolean feasible,
    ScoreReason reason,
    InsertionPoint insertion,
    @JsonProperty("infeasible_reason") ReasonCode infeasibleReason) {

  CandidateScore withRank(int r) {
    return new CandidateScore(driverId, r, score, feasible, reason, insertion, infeasibleReason);
  }
}
