package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.DriverStatusData;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Applies one job, driver or telemetry event to a zone and returns the decisions it caused; a
 * dispatcher's commands go to {@link DispatcherCommands}, the decisions themselves are {@link
 * ZoneDecisions}'.
 *
 * <p>Rules: a new job is decided at once. A pending job is retried whenever capacity appears (a
 * driver joins, a shift starts, a job finishes) and published again only when it gets a driver or
 * its reason changes, so consumers see changes, not noise. An assigned job stays with its driver
 * unless the driver leaves or can no longer do it; a started job never moves.
 */
public final class ZoneDispatcher {

  private final ZoneState state;
  private final Clock clock;
  private final ServiceTimes serviceTimes;
  private final InsertionPolicy policy;
  private final ZoneDecisions decisions;
  private final DispatcherCommands commands;

  public ZoneDispatcher(String tenant, String zone, ZoneState state, Clock clock) {
    this(tenant, zone, state, clock, ServiceTimes.declared());
  }

  public ZoneDispatcher(
      String tenant, String zone, ZoneState state, Clock clock, ServiceTimes serviceTimes) {
    this(tenant, zone, state, clock, serviceTimes, InsertionPolicy.straightLine());
  }

  /**
   * @param policy decides new and re-queued jobs (emergencies and a dispatcher's choices are
   *     explained by distance)
   */
  public ZoneDispatcher(
      String tenant,
      String zone,
      ZoneState state,
      Clock clock,
      ServiceTimes serviceTimes,
      InsertionPolicy policy) {
    this.state = state;
    this.clock = clock;
    this.serviceTimes = serviceTimes;
    this.policy = policy;
    this.decisions = new ZoneDecisions(tenant, zone, state, clock, serviceTimes, policy);
    this.commands = new DispatcherCommands(state, clock, serviceTimes, decisions);
  }

  /** Applies the event; returns the assignment events to publish, in order. */
  public List<CloudEvent> apply(CloudEvent event) {
    List<CloudEvent> out = new ArrayList<>();
    decisions.cause(event.type());
    Instant at = Objects.requireNonNullElseGet(event.time(), clock::instant);
    EventType type = event.eventType();
    switch (type) {
      case JOB_CREATED, JOB_UPDATED, JOB_CREATED_V2, JOB_UPDATED_V2 ->
          upsertJob(event.data(JobData.class), event.id(), at, out);
      case JOB_STARTED -> startJob(event.data(JobStatusData.class));
      case JOB_COMPLETED, JOB_CANCELLED, JOB_FAILED -> {
        if (type != EventType.JOB_CANCELLED) {
          credit(event.data(JobStatusData.class), type == EventType.JOB_FAILED, at);
        }
        String freed = finishJob(event.data(JobStatusData.class).jobId());
        decisions.fillPending(freed, event.id(), at, out);
      }
      case DRIVER_CREATED, DRIVER_UPDATED, DRIVER_CREATED_V2, DRIVER_UPDATED_V2 -> {
        DriverData driver = event.data(DriverData.class);
        upsertDriver(driver, event.id(), at, out);
        decisions.fillPending(driver.driverId(), event.id(), at, out);
      }
      case DRIVER_SHIFT_STARTED -> {
        // A new shift starts from the start location, wherever the last one ended.
        String driverId = event.data(DriverStatusData.class).driverId();
        state
            .driver(driverId)
            .ifPresent(
                d ->
                    state.putDriver(
                        d.driver().driverId(), d.withAvailable(true).withoutPosition()));
        decisions.fillPending(driverId, event.id(), at, out);
      }
      case DRIVER_SHIFT_ENDED ->
          releaseDriver(event.data(DriverStatusData.class).driverId(), false, event.id(), at, out);
      case DRIVER_DELETED ->
          releaseDriver(event.data(DriverStatusData.class).driverId(), true, event.id(), at, out);
      case DISPATCH_EMERGENCY ->
          commands.emergency(event.data(EmergencyDispatchData.class), event.id(), at, out);
      case DISPATCH_ASSIGN -> commands.manualAssign(event, at, out);
      case DISPATCH_DECIDE -> commands.decide(event, at, out);
      case DISPATCH_LOCK, DISPATCH_UNLOCK ->
          commands.lock(event, type == EventType.DISPATCH_LOCK, out);
      case TELEMETRY_PING -> moveDriver(event.data(TelemetryData.class), event.id(), out);
      default -> throw new IllegalArgumentException("the dispatcher does not take " + type.type());
    }
    return out;
  }

  private void upsertJob(JobData job, String causeId, Instant at, List<CloudEvent> out) {
    Optional<JobState> existing = state.job(job.jobId());
    if (existing.isEmpty()) {
      JobState fresh = new JobState(job, JobStatus.PENDING, null, null, at);
      state.putJob(job.jobId(), fresh);
      decisions.decide(fresh, causeId, at, Set.of(), true, out);
      return;
    }
    JobState updated = existing.get().withJob(job);
    state.putJob(job.jobId(), updated);
    boolean driverStillFits =
        updated.status() == JobStatus.ASSIGNED
            && state
                .driver(updated.driverId())
                .map(d -> d.driver().skills().containsAll(job.skills()))
                .orElse(false);
    boolean mustMove =
        updated.status() == JobStatus.ASSIGNED && !driverStillFits && !updated.locked();
    if (updated.status() == JobStatus.PENDING || mustMove) {
      decisions.unassign(updated);
      decisions.decide(state.job(job.jobId()).orElseThrow(), causeId, at, Set.of(), false, out);
    }
  }

  private void startJob(JobStatusData started) {
    state
        .job(started.jobId())
        .ifPresent(
            job -> {
              String driverId = started.driverId() != null ? started.driverId() : job.driverId();
              if (driverId != null && !driverId.equals(job.driverId())) {
                decisions.unassign(job); // the field knows better: the driver who started it has it
                state
                    .driver(driverId)
                    .ifPresent(d -> state.putDriver(driverId, d.plusJob(job.job().jobId())));
              } else if (driverId != null && job.job().pickup() != null) {
                // a pair starts at its pickup: the goods are on board, the delivery is left
                state
                    .driver(driverId)
                    .filter(d -> d.stops() != null)
                    .ifPresent(d -> state.putDriver(driverId, d.pickedUp(job.job().jobId())));
              }
              state.putJob(
                  job.job().jobId(),
                  new JobState(job.job(), JobStatus.STARTED, driverId, null, job.createdAt()));
            });
  }

  /**
   * The driver who finished the job gets it on their track record: a failure, or a windowed job
   * done by (or after) its window's end. A job without a window has nothing to be late for.
   */
  private void credit(JobStatusData status, boolean failed, Instant eventTime) {
    state
        .job(status.jobId())
        .ifPresent(
            job -> {
              String driverId = status.driverId() != null ? status.driverId() : job.driverId();
              Instant windowEnd =
                  job.job().timeWindows().stream()
                      .map(w -> w.end().toInstant())
                      .max(Instant::compareTo)
                      .orElse(null);
              if (driverId == null || (!failed && windowEnd == null)) {
                return;
              }
              Instant doneAt = status.at() != null ? status.at() : eventTime;
              boolean inTime = !failed && !doneAt.isAfter(windowEnd);
              state.driver(driverId).ifPresent(d -> state.putDriver(driverId, d.finished(inTime)));
            });
  }

  /** Removes the job; returns the driver it leaves room with (null when it had none). */
  private String finishJob(String jobId) {
    Optional<JobState> job = state.job(jobId);
    if (job.isEmpty()) {
      return null;
    }
    decisions.unassign(job.get());
    state.removeJob(jobId);
    return job.get().driverId();
  }

  private void upsertDriver(DriverData driver, String causeId, Instant at, List<CloudEvent> out) {
    Optional<DriverState> existing = state.driver(driver.driverId());
    state.putDriver(
        driver.driverId(),
        existing.map(d -> d.withDriver(driver)).orElse(new DriverState(driver, true, null)));
    if (existing.isEmpty()) {
      return; // new: no job is theirs yet (and finding out scanned every job of the zone)
    }
    // An update may take away a skill an assigned job needs: such jobs are decided again.
    for (JobState job : decisions.jobsOf(driver.driverId())) {
      if (job.status() == JobStatus.ASSIGNED
          && !job.locked()
          && !driver.skills().containsAll(job.job().skills())) {
        decisions.unassign(job);
        decisions.decide(
            state.job(job.job().jobId()).orElseThrow(),
            causeId,
            at,
            Set.of(driver.driverId()),
            false,
            out);
      }
    }
  }

  private void releaseDriver(
      String driverId, boolean deleted, String causeId, Instant at, List<CloudEvent> out) {
    Optional<DriverState> driver = state.driver(driverId);
    if (driver.isEmpty()) {
      return;
    }
    List<JobState> held = decisions.jobsOf(driverId);
    if (deleted) {
      state.removeDriver(driverId);
    } else {
      state.putDriver(driverId, driver.get().withAvailable(false));
    }
    for (JobState job : held) {
      // A started or locked job stays with a driver whose shift ends (it is being finished, or a
      // dispatcher said so); a deleted driver's jobs all move.
      if ((job.status() == JobStatus.ASSIGNED && !job.locked()) || deleted) {
        decisions.unassign(job);
        decisions.decide(
            state.job(job.job().jobId()).orElseThrow(), causeId, at, Set.of(driverId), false, out);
      }
    }
    // No pending job to try again: nobody gained room (the released driver's jobs were just
    // decided).
  }

  /**
   * Adopts a re-optimized plan (the planner checked its version and the hysteresis): jobs move to
   * the drivers the plan gives them and each route takes the plan's order.
   */
  public List<CloudEvent> adopt(CloudEvent replanEvent) {
    return commands.adopt(replanEvent);
  }

  /**
   * A sampled ping: the driver's route now starts where they are. Jobs on the route that this move
   * made unreachable within their windows (reachable from the last known position at its time, not
   * from this one now) are rescored, and only they: each moves to another driver who can still make
   * it, or stays where it is (the SLA watcher reports it at risk) — never into the pending queue.
   */
  private void moveDriver(TelemetryData ping, String causeId, List<CloudEvent> out) {
    Optional<DriverState> known = state.driver(ping.driverId());
    if (known.isEmpty() || ping.recordedAt() == null) {
      return;
    }
    DriverState before = known.get();
    if (before.positionAt() != null && !ping.recordedAt().isAfter(before.positionAt())) {
      return; // out of order: never move a driver back in time
    }
    DriverState moved = before.at(GeoPoint.of(ping.lat(), ping.lng()), ping.recordedAt());
    state.moveDriver(ping.driverId(), moved);
    if (NearestDriverPolicy.silent(before, ping.recordedAt())) {
      decisions.fillPending(
          ping.driverId(),
          causeId,
          ping.recordedAt(),
          out); // back after a silence: may take jobs again
    }
    if (!moved.available() || moved.jobIds().isEmpty()) {
      return;
    }
    Set<String> lateNow =
        policy.lateJobs(moved, moved.location(), ping.recordedAt(), state, serviceTimes);
    if (lateNow.isEmpty()) {
      return;
    }
    Set<String> lateBefore =
        before.positionAt() == null
            ? Set.of()
            : policy.lateJobs(before, before.location(), before.positionAt(), state, serviceTimes);
    for (String jobId : lateNow) {
      JobState job = state.job(jobId).orElse(null);
      if (lateBefore.contains(jobId)
          || job == null
          || job.status() != JobStatus.ASSIGNED
          || job.locked()) {
        continue;
      }
      Decision decision =
          policy.decide(job.job(), state, ping.recordedAt(), Set.of(ping.driverId()), serviceTimes);
      if (decision.assigned()) {
        decisions.unassign(job);
        decisions.assign(state.job(jobId).orElseThrow(), decision, causeId, out);
      }
    }
  }
}
