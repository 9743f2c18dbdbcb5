package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fleetstream.schemas.events.JobData;
import java.time.Instant;

/**
 * An open job as the dispatch planner holds it.
 *
 * @param unassignedReason the reason code last published for a pending job, so a retry that fails
 *     for the same reason publishes nothing new
 * @param createdAt when the planner first saw the job; orders pending jobs of equal priority
 * @param locked pinned to its driver by a dispatcher (added in state version 2; absent in version-1
 *     state, which reads as false)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobState(
    JobData job,
    JobStatus status,
    String driverId,
    String unassignedReason,
    Instant createdAt,
    boolean locked) {

  public JobState(
      JobData job, JobStatus status, String driverId, String unassignedReason, Instant createdAt) {
    this(job, status, driverId, unassignedReason, createdAt, false);
  }

  public JobState withJob(JobData newJob) {
    return new JobState(newJob, status, driverId, unassignedReason, createdAt, locked);
  }

  public JobState assignedTo(String driver) {
    return new JobState(job, JobStatus.ASSIGNED, driver, null, createdAt, locked);
  }

  /** Waiting for a driver; a job without a driver has nothing to be locked to. */
  public JobState pending(String reason) {
    return new JobState(job, JobStatus.PENDING, null, reason, createdAt, false);
  }

  public JobState started() {
    return new JobState(job, JobStatus.STARTED, driverId, null, createdAt, locked);
  }

  public JobState withLocked(boolean isLocked) {
    return new JobState(job, status, driverId, unassignedReason, createdAt, isLocked);
  }
}
