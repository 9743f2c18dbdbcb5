package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The SLA watcher's view of one open job with a time window.
 *
 * @param windowEnd null while only the job's assignment has been seen (it can overtake the job's
 *     creation); then nothing is evaluated until the job arrives
 * @param status {@code ok}, {@code at_risk} or {@code breached}
 * @param predictedFinish the latest estimate of when the job will be done, null while unknown;
 *     while awaiting the job after a decision that left it unassigned ({@link
 *     #awaitingJobUnassigned}), when that decision was made
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SlaState(
    Instant windowEnd,
    double serviceMinutes,
    String driverId,
    String status,
    Instant predictedFinish) {

  public static final String OK = "ok";
  public static final String AT_RISK = "at_risk";
  public static final String BREACHED = "breached";

  /** A job's driver, seen before the job itself. */
  public static SlaState awaitingJob(String driverId) {
    return new SlaState(null, 0, driverId, OK, null);
  }

  /**
   * A decision that left the job unassigned at {@code at}, seen before the job itself: evaluated as
   * "unassigned" once the job (and its window) arrives.
   */
  public static SlaState awaitingJobUnassigned(Instant at) {
    return new SlaState(null, 0, null, OK, at);
  }

  /** Only a decision that left the job unassigned has been seen, not yet the job. */
  @JsonIgnore
  public boolean unassignedBeforeJob() {
    return windowEnd == null && driverId == null && predictedFinish != null;
  }

  public SlaState with(String newDriverId, String newStatus, Instant newPredictedFinish) {
    return new SlaState(windowEnd, serviceMinutes, newDriverId, newStatus, newPredictedFinish);
  }
}
