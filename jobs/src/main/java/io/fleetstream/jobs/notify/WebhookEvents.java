package io.fleetstream.jobs.notify;

import io.fleetstream.jobs.internal.ids.EventIds;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.SlaData;
import io.fleetstream.schemas.events.WebhookEventData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns what subscribers care about into webhook events in their shape ({@code event} + {@code
 * data}, as in the OwnRoute contract). Everything else passes by without a notification.
 */
public final class WebhookEvents implements FlatMapFunction<CloudEvent, CloudEvent> {

  private static final long serialVersionUID = 1L;
  static final String SOURCE = "/fleetstream/dispatch-job";

  @Override
  public void flatMap(CloudEvent event, Collector<CloudEvent> out) {
    Map<String, Object> data = new LinkedHashMap<>();
    String name;
    switch (event.eventType()) {
      case ASSIGNMENT_ASSIGNED -> {
        AssignmentData a = event.data(AssignmentData.class);
        name = "job.assigned";
        data.put("job_id", a.jobId());
        data.put("driver_id", a.driverId());
        data.put("score", a.score());
        data.put("rank", a.rank());
        data.put("weights_version", a.weightsVersion());
        data.put("assigned_at", a.decidedAt().toString());
      }
      case ASSIGNMENT_UNASSIGNED -> {
        AssignmentData a = event.data(AssignmentData.class);
        name = "job.unassigned";
        data.put("job_id", a.jobId());
        data.put("reason", a.unassignedReason());
      }
      case JOB_STARTED, JOB_COMPLETED, JOB_FAILED, JOB_CANCELLED -> {
        JobStatusData s = event.data(JobStatusData.class);
        String what =
            switch (event.eventType()) {
              case JOB_STARTED -> "started";
              case JOB_COMPLETED -> "completed";
              case JOB_FAILED -> "failed";
              default -> "cancelled";
            };
        name = "job." + what;
        data.put("job_id", s.jobId());
        if (s.driverId() != null) {
          data.put("driver_id", s.driverId());
        }
        data.put(what + "_at", (s.at() != null ? s.at() : event.time()).toString());
        if (!"started".equals(what) && !"completed".equals(what) && s.reason() != null) {
          data.put("reason", s.reason());
        }
      }
      case OPTIMIZE_COMPLETED -> {
        PlanData plan = event.data(PlanData.class);
        name = "optimization.completed";
        data.put("run_id", plan.runId());
        data.put("status", plan.status());
        data.put("mode", plan.mode());
        if (plan.correlationId() != null) {
          data.put("correlation_id", plan.correlationId());
        }
        if (plan.cost() != null) {
          data.put("cost", plan.cost());
        }
        data.put("routes", plan.routes().size());
        data.put("unassigned", plan.unassigned().size());
        if (plan.error() != null) {
          data.put("error", plan.error());
        }
        data.put("completed_at", plan.completedAt().toString());
      }
      case SLA_AT_RISK, SLA_BREACHED, SLA_RECOVERED -> {
        SlaData s = event.data(SlaData.class);
        name = "sla." + event.type().replace("io.fleetstream.sla.", "").replaceAll("\\.v\\d+$", "");
        data.put("job_id", s.jobId());
        if (s.driverId() != null) {
          data.put("driver_id", s.driverId());
        }
        data.put("window_end", s.windowEnd().toString());
        if (s.predictedFinish() != null) {
          data.put("predicted_finish", s.predictedFinish().toString());
        }
        data.put("predicted_lateness_s", s.predictedLatenessS());
        data.put("cause", s.cause());
      }
      default -> {
        return;
      }
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    out.collect(
        new CloudEvent(
            CloudEvent.SPEC_VERSION,
            EventIds.derived(event.id(), "webhook"),
            SOURCE,
            EventType.WEBHOOK_EVENT.type(),
            event.partitionkey(),
            now,
            CloudEvent.CONTENT_TYPE,
            event.tenant(),
            event.partitionkey(),
            new WebhookEventData(
                name, data, event.id(), event.time() != null ? event.time() : now)));
  }
}
