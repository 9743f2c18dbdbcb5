package io.fleetstream.bridge.internal.views;

import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.SlaData;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A job as the bridge shows it, folded from the jobs topic (what the job is), the assignments topic
 * (who got it and why), committed plans (its route and ETA) and dead letters (why the dispatch job
 * refused an event about it). Each source is applied only if newer than what the view holds, so
 * replays and the bridge's own write-through fold to the same result.
 *
 * @param lifecycle {@code open}, {@code cancelled}, {@code started}, {@code completed} or {@code
 *     failed}
 * @param jobOffset the jobs-topic offset of the last applied job event (-1: none yet)
 * @param lifecycleDriverId the driver a start, completion or failure named (the field's word on who
 *     has the job, which may differ from the last assignment)
 * @param locked a dispatcher pinned the job to its driver: rescoring and re-optimization leave it
 */
public record JobView(
    String tenant,
    String id,
    JobData job,
    String lifecycle,
    String lifecycleReason,
    AssignmentData assignment,
    Planned planned,
    DeadLetter lastError,
    EtaData eta,
    Sla sla,
    Instant createdAt,
    Instant updatedAt,
    long jobOffset,
    long assignmentOffset,
    String lifecycleDriverId,
    boolean locked) {

  /** The job's stop in the latest committed plan. */
  public record Planned(
      String runId,
      String routeId,
      String driverId,
      OffsetDateTime arrival,
      OffsetDateTime departure,
      Instant planCompletedAt) {}

  /**
   * The job's latest SLA state.
   *
   * @param status {@code at_risk}, {@code breached} or {@code ok} (recovered)
   */
  public record Sla(String status, SlaData data, long offset) {}

  /** The last refusal of an event about this job by the dispatch job. */
  public record DeadLetter(String code, String path, String message, Instant at) {}

  static JobView empty(String tenant, String id) {
    return new JobView(
        tenant, id, null, "open", null, null, null, null, null, null, null, null, -1, -1, null,
        false);
  }

  public boolean exists() {
    return job != null;
  }

  JobView withJob(JobData newJob, Instant at, long offset) {
    return new JobView(
        tenant,
        id,
        newJob,
        lifecycle,
        lifecycleReason,
        assignment,
        planned,
        lastError,
        eta,
        sla,
        createdAt == null ? at : createdAt,
        at,
        offset,
        assignmentOffset,
        lifecycleDriverId,
        locked);
  }

  JobView withLifecycle(
      String newLifecycle, String reason, String driverId, Instant at, long offset) {
    return new JobView(
        tenant,
        id,
        job,
        newLifecycle,
        reason,
        assignment,
        planned,
        lastError,
        eta,
        sla,
        createdAt,
        at,
        offset,
        assignmentOffset,
        driverId != null ? driverId : lifecycleDriverId,
        locked);
  }

  /** Pinned to its driver (or free again), as the last lock command or manual move said. */
  JobView withLocked(boolean pinned) {
    return new JobView(
        tenant,
        id,
        job,
        lifecycle,
        lifecycleReason,
        assignment,
        planned,
        lastError,
        eta,
        sla,
        createdAt,
        updatedAt,
        jobOffset,
        assignmentOffset,
        lifecycleDriverId,
        pinned);
  }

  JobView withAssignment(AssignmentData a, Instant at, long offset) {
    return new JobView(
        tenant,
        id,
        job,
        lifecycle,
        lifecycleReason,
        a,
        planned,
        lastError,
        eta,
        sla,
        createdAt,
        updatedAt == null || at.isAfter(updatedAt) ? at : updatedAt,
        jobOffset,
        offset,
        lifecycleDriverId,
        locked);
  }

  JobView withPlanned(Planned p) {
    return new JobView(
        tenant,
        id,
        job,
        lifecycle,
        lifecycleReason,
        assignment,
        p,
        lastError,
        eta,
        sla,
        createdAt,
        updatedAt,
        jobOffset,
        assignmentOffset,
        lifecycleDriverId,
        locked);
  }

  JobView withLastError(DeadLetter d) {
    return new JobView(
        tenant,
        id,
        job,
        lifecycle,
        lifecycleReason,
        assignment,
        planned,
        d,
        eta,
        sla,
        createdAt,
        updatedAt,
        jobOffset,
        assignmentOffset,
        lifecycleDriverId,
        locked);
  }

  JobView withEta(EtaData e) {
    return new JobView(
        tenant,
        id,
        job,
        lifecycle,
        lifecycleReason,
        assignment,
        planned,
        lastError,
        e,
        sla,
        createdAt,
        updatedAt,
        jobOffset,
        assignmentOffset,
        lifecycleDriverId,
        locked);
  }

  JobView withSla(Sla s) {
    return new JobView(
        tenant,
        id,
        job,
        lifecycle,
        lifecycleReason,
        assignment,
        planned,
        lastError,
        eta,
        s,
        createdAt,
        updatedAt,
        jobOffset,
        assignmentOffset,
        lifecycleDriverId,
        locked);
  }

  /** The driver the field said has the job, else the one the dispatcher gave it; null: nobody. */
  public String currentDriver() {
    if (lifecycleDriverId != null) {
      return lifecycleDriverId;
    }
    if (assignment != null && assignment.assigned()) {
      return assignment.driverId();
    }
    return planned == null ? null : planned.driverId();
  }

  /**
   * {@code pending} (no decision yet), {@code assigned}, {@code unassigned} (waiting, with a
   * reason), or the lifecycle step once the job left the open state.
   */
  public String status() {
    if (!"open".equals(lifecycle)) {
      return lifecycle;
    }
    if (assignment == null) {
      return "pending";
    }
    return assignment.assigned() ? "assigned" : "unassigned";
  }
}
