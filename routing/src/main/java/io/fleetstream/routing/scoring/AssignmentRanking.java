package io.fleetstream.routing.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/** Every candidate for one job, best first, with the weights version that produced the scores. */
public record AssignmentRanking(
    @JsonProperty("job_id") String jobId,
    @JsonProperty("weights_version") String weightsVersion,
    List<CandidateScore> ranked) {

  public AssignmentRanking {
    ranked = List.copyOf(ranked);
  }

  /** The best feasible candidate, if any. */
  public Optional<CandidateScore> best() {
    return ranked.stream().filter(CandidateScore::feasible).findFirst();
  }
}
