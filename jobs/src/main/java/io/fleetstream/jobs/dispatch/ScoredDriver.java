package io.fleetstream.jobs.dispatch;

import io.fleetstream.routing.scoring.CandidateScore;
import io.fleetstream.routing.scoring.ScoreReason;
import io.fleetstream.schemas.events.AssignmentReason;
import io.fleetstream.schemas.events.AuditCandidate;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.state.DriverState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A driver scored for a job, and what a decision's audit record says of the drivers scored.
 *
 * @param distanceM the straight-line distance the shortlist ordered drivers by
 */
record ScoredDriver(
    DriverState driver, CandidateScore score, ServiceTimes.Estimate service, double distanceM) {

  /** The scored drivers best first, then the others as the eligibility check saw them. */
  static List<AuditCandidate> evaluated(List<ScoredDriver> scored, List<AuditCandidate> seen) {
    List<AuditCandidate> out = new ArrayList<>();
    Set<String> named = new HashSet<>();
    for (ScoredDriver s : scored) {
      out.add(
          new AuditCandidate(
              s.driver().driver().driverId(),
              Math.round(s.distanceM() * 10) / 10.0,
              s.score().feasible() ? s.score().score() : null,
              s.score().feasible() ? null : s.score().infeasibleReason().name(),
              s.score().feasible() ? reason(s.score().reason()) : null,
              s.score().feasible() ? s.score().insertion().position() : null));
      named.add(s.driver().driver().driverId());
    }
    seen.stream()
        .filter(c -> c.excludedReason() != null && !named.contains(c.driverId()))
        .forEach(out::add);
    return out.stream().limit(AuditDecisionData.MAX_CANDIDATES).toList();
  }

  /** The rule that kept most scored drivers from taking the job. */
  static String dominantReason(List<ScoredDriver> scored) {
    Map<io.fleetstream.routing.model.ReasonCode, Integer> counts =
        new EnumMap<>(io.fleetstream.routing.model.ReasonCode.class);
    scored.forEach(s -> counts.merge(s.score().infeasibleReason(), 1, Integer::sum));
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .orElseThrow()
        .getKey()
        .name();
  }

  static AssignmentReason reason(ScoreReason r) {
    return new AssignmentReason(
        r.skillMatch(),
        r.distanceScore(),
        r.priorityWeight(),
        r.performance(),
        r.availability(),
        Math.round(r.predictedDurationMinutes() * 10) / 10.0,
        r.delayRisk());
  }
}
