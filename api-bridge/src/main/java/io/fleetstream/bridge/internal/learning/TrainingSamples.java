package io.fleetstream.bridge.internal.learning;

import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.DecisionView;
import io.fleetstream.bridge.internal.views.JobView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.events.AssignmentReason;
import io.fleetstream.schemas.events.AuditCandidate;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples a retrain learns from, read from the views: the decision log (the latest decision
 * that gave each job to a driver, with that driver's score parts) joined with the job's outcome —
 * completed by that driver within its windows (on time), after them, or failed (not on time). Jobs
 * still open, cancelled, or finished by someone the log never chose are left out.
 */
final class TrainingSamples {

  private static final int PAGE = 1000;

  private TrainingSamples() {}

  static List<WeightsTrainer.Sample> of(ViewStore views, String tenant, Instant from, Instant to) {
    Map<String, AuditDecisionData> latest = new LinkedHashMap<>();
    String after = null;
    while (true) {
      Table.Page<DecisionView> page =
          views.audit().decisions(tenant, from, to, after, PAGE, d -> true);
      for (DecisionView v : page.items()) {
        AuditDecisionData d = v.decision();
        if (d.driverId() != null && "assigned".equals(d.outcome())) {
          latest.put(d.jobId(), d);
        }
        after = v.cursor();
      }
      if (!page.more() || page.items().isEmpty()) {
        break;
      }
    }
    List<WeightsTrainer.Sample> samples = new ArrayList<>();
    for (AuditDecisionData d : latest.values()) {
      AssignmentReason reason = chosen(d);
      JobView job = views.job(tenant, d.jobId()).orElse(null);
      if (reason == null || job == null || !d.driverId().equals(job.currentDriver())) {
        continue;
      }
      Boolean onTime = onTime(job);
      if (onTime != null) {
        samples.add(new WeightsTrainer.Sample(d.jobId(), d.decidedAt(), parts(reason), onTime));
      }
    }
    return samples;
  }

  /** The chosen driver's score parts, as the decision recorded them. */
  private static AssignmentReason chosen(AuditDecisionData d) {
    for (AuditCandidate c : d.candidates()) {
      if (d.driverId().equals(c.driverId()) && c.reason() != null) {
        return c.reason();
      }
    }
    return null;
  }

  /** In {@link WeightsTrainer#PARTS} order: punctuality is one minus the delay risk. */
  static double[] parts(AssignmentReason r) {
    return new double[] {
      r.distanceScore(), r.availability(), r.performance(), 1 - r.delayRisk(), r.priorityWeight()
    };
  }

  /** True when done within its windows, false when late or failed, null while not finished. */
  private static Boolean onTime(JobView job) {
    if ("failed".equals(job.lifecycle())) {
      return false;
    }
    if (!"completed".equals(job.lifecycle())) {
      return null;
    }
    Instant end =
        job.job().timeWindows().stream()
            .map(TimeWindow::end)
            .map(t -> t.toInstant())
            .max(Instant::compareTo)
            .orElse(null);
    return end == null || !job.updatedAt().isAfter(end);
  }
}
