package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.DriverStatusData;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.LockData;
import io.fleetstream.schemas.events.ManualAssignData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.ReplanData;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Applies one job or driver event to a zone and returns the decisions it caused.
 *
 * <p>Rules: a new job is decided at once. A pending job is retried whenever capacity appears (a
 * driver joins, a shift starts, a job finishes) and published again only when it gets a driver or
 * its reason changes, so consumers see changes, not noise. An assigned job stays with its driver
 * unless the driver leaves or can no longer do it; a started job never moves.
 */
public final class ZoneDispatcher {

  private final String tenant;
  private final String zone;
  private final ZoneState state;
  private final Clock clock;
  /** The type of the event being applied, for the decision log. */
  private String causeType;

  private final ServiceTimes serviceTimes;
  private final InsertionPolicy policy;

  public ZoneDispatcher(String tenant, String zone, ZoneState state, Clock clock) {
    this(tenant, zone, state, clock, ServiceTimes.declared());
  }

  public ZoneDispatcher(String tenant, String zone, ZoneState state, Clock clock, ServiceTimes serviceTimes) {
    this(tenant, zone, state, clock, serviceTimes, InsertionPolicy.straightLine());
  }

  /** @param policy decides new and re-queued jobs (emergencies and a dispatcher's choices are explained by distance) */
  public ZoneDispatcher(String tenant, String zone, ZoneState state, Clock clock, ServiceTimes serviceTimes,
      InsertionPolicy policy) {
    this.tenant = tenant;
    this.zone = zone;
    this.state = state;
    this.clock = clock;
    this.serviceTimes = serviceTimes;
    this.policy = policy;
  }

  /** Applies the event; returns the assignment events to publish, in order. */
  public List<CloudEvent> apply(CloudEvent event) {
    List<CloudEvent> out = new ArrayList<>();
    causeType = event.type();
    Instant at = Objects.requireNonNullElseGet(event.time(), clock::instant);
    EventType type = event.eventType();
    switch (type) {
      case JOB_CREATED, JOB_UPDATED -> upsertJob(event.data(JobData.class), event.id(), at, out);
      case JOB_STARTED -> startJob(event.data(JobStatusData.class));
      case JOB_COMPLETED, JOB_CANCELLED, JOB_FAILED -> {
        String freed = finishJob(event.data(JobStatusData.class).jobId());
        fillPending(freed, event.id(), at, out);
      }
      case DRIVER_CREATED, DRIVER_UPDATED -> {
        DriverData driver = event.data(DriverData.class);
        upsertDriver(driver, event.id(), at, out);
        fillPending(driver.driverId(), event.id(), at, out);
      }
      case DRIVER_SHIFT_STARTED -> {
        // A new shift starts from the start location, wherever the last one ended.
        String driverId = event.data(DriverStatusData.class).driverId();
        state.driver(driverId)
            .ifPresent(d -> state.putDriver(d.driver().driverId(), d.withAvailable(true).withoutPosition()));
        fillPending(driverId, event.id(), at, out);
      }
      case DRIVER_SHIFT_ENDED -> releaseDriver(event.data(DriverStatusData.class).driverId(), false, event.id(), at, out);
      case DRIVER_DELETED -> releaseDriver(event.data(DriverStatusData.class).driverId(), true, event.id(), at, out);
      case DISPATCH_EMERGENCY -> emergency(event.data(EmergencyDispatchData.class), event.id(), at, out);
      case DISPATCH_ASSIGN -> manualAssign(event.data(ManualAssignData.class), event.id(), at, out);
      case DISPATCH_LOCK, DISPATCH_UNLOCK -> {
        String jobId = event.data(LockData.class).jobId();
        boolean lock = type == EventType.DISPATCH_LOCK;
        // Only a job with a driver can be pinned to one.
        state.job(jobId).filter(j -> !lock || j.driverId() != null).ifPresent(j -> state.putJob(jobId, j.withLocked(lock)));
      }
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
      decide(fresh, causeId, at, Set.of(), true, out);
      return;
    }
    JobState updated = existing.get().withJob(job);
    state.putJob(job.jobId(), updated);
    boolean driverStillFits = updated.status() == JobStatus.ASSIGNED
        && state.driver(updated.driverId()).map(d -> d.driver().skills().containsAll(job.skills())).orElse(false);
    boolean mustMove = updated.status() == JobStatus.ASSIGNED && !driverStillFits && !updated.locked();
    if (updated.status() == JobStatus.PENDING || mustMove) {
      unassign(updated);
      decide(state.job(job.jobId()).orElseThrow(), causeId, at, Set.of(), false, out);
    }
  }

  private void startJob(JobStatusData started) {
    state.job(started.jobId()).ifPresent(job -> {
      String driverId = started.driverId() != null ? started.driverId() : job.driverId();
      if (driverId != null && !driverId.equals(job.driverId())) {
        unassign(job); // the field knows better: the driver who started it has it
        state.driver(driverId).ifPresent(d -> state.putDriver(driverId, d.plusJob(job.job().jobId())));
      }
      state.putJob(job.job().jobId(), new JobState(job.job(), JobStatus.STARTED, driverId, null, job.createdAt()));
    });
  }

  /** Removes the job; returns the driver it leaves room with (null when it had none). */
  private String finishJob(String jobId) {
    Optional<JobState> job = state.job(jobId);
    if (job.isEmpty()) {
      return null;
    }
    unassign(job.get());
    state.removeJob(jobId);
    return job.get().driverId();
  }

  private void upsertDriver(DriverData driver, String causeId, Instant at, List<CloudEvent> out) {
    Optional<DriverState> existing = state.driver(driver.driverId());
    state.putDriver(driver.driverId(), existing.map(d -> d.withDriver(driver)).orElse(new DriverState(driver, true, null)));
    // An update may take away a skill an assigned job needs: such jobs are decided again.
    for (JobState job : jobsOf(driver.driverId())) {
      if (job.status() == JobStatus.ASSIGNED && !job.locked() && !driver.skills().containsAll(job.job().skills())) {
        unassign(job);
        decide(state.job(job.job().jobId()).orElseThrow(), causeId, at, Set.of(driver.driverId()), false, out);
      }
    }
  }

  private void releaseDriver(String driverId, boolean deleted, String causeId, Instant at, List<CloudEvent> out) {
    Optional<DriverState> driver = state.driver(driverId);
    if (driver.isEmpty()) {
      return;
    }
    List<JobState> held = jobsOf(driverId);
    if (deleted) {
      state.removeDriver(driverId);
    } else {
      state.putDriver(driverId, driver.get().withAvailable(false));
    }
    for (JobState job : held) {
      // A started or locked job stays with a driver whose shift ends (it is being finished, or a
      // dispatcher said so); a deleted driver's jobs all move.
      if ((job.status() == JobStatus.ASSIGNED && !job.locked()) || deleted) {
        unassign(job);
        decide(state.job(job.job().jobId()).orElseThrow(), causeId, at, Set.of(driverId), false, out);
      }
    }
    // No pending job to try again: nobody gained room (the released driver's jobs were just decided).
  }

  /**
   * The job goes to the nearest capable driver now, first on their route (after a job in progress),
   * even when that driver is full; the driver's last movable job then makes room and is decided again.
   */
  private void emergency(EmergencyDispatchData emergency, String causeId, Instant at, List<CloudEvent> out) {
    JobData job = emergency.job();
    JobData urgent = new JobData(job.jobId(), job.externalId(), job.location(), job.serviceMinutes(), 1, job.timeWindows(),
        job.skills(), job.jobType(), job.zone());
    JobState existing = state.job(job.jobId()).orElse(null);
    if (existing != null) {
      unassign(existing);
    }
    JobState pending = existing != null ? existing.withJob(urgent).pending(null) : new JobState(urgent, JobStatus.PENDING, null, null, at);
    state.putJob(urgent.jobId(), pending);
    Decision decision = NearestDriverPolicy.emergency(urgent, state.drivers(), at, serviceTimes);
    if (!decision.assigned()) {
      decide(pending, causeId, at, Set.of(), true, out);
      return;
    }
    DriverState driver = state.driver(decision.driverId()).orElseThrow();
    JobState displaced = driver.hasRoom() ? null : jobsOf(driver.driver().driverId()).stream()
        .filter(j -> j.status() == JobStatus.ASSIGNED && !j.locked())
        .reduce((first, second) -> second)
        .orElse(null);
    if (displaced != null) {
      unassign(displaced);
      driver = state.driver(decision.driverId()).orElseThrow();
    }
    int firstNotStarted = (int) jobsOf(driver.driver().driverId()).stream().filter(j -> j.status() == JobStatus.STARTED).count();
    state.putJob(urgent.jobId(), pending.assignedTo(decision.driverId()));
    state.putDriver(decision.driverId(), driver.withJobAt(firstNotStarted, urgent.jobId()));
    publish(urgent.jobId(), decision, causeId, out);
    if (displaced != null) {
      decide(state.job(displaced.job().jobId()).orElseThrow(), causeId, at, Set.of(decision.driverId()), false, out);
    }
  }

  /** A dispatcher's choice wins over the policy, capacity included; the decision still carries its explanation. */
  private void manualAssign(ManualAssignData assign, String causeId, Instant at, List<CloudEvent> out) {
    Optional<JobState> job = state.job(assign.jobId());
    Optional<DriverState> driver = state.driver(assign.driverId());
    if (job.isEmpty() || driver.isEmpty() || job.get().status() == JobStatus.STARTED) {
      return; // an unknown driver or a job in progress: nothing to change (the router already checked the job)
    }
    unassign(job.get());
    DriverState target = state.driver(assign.driverId()).orElseThrow();
    Decision decision = NearestDriverPolicy.explain(job.get().job(), target, state.drivers(), at, serviceTimes);
    state.putJob(assign.jobId(), state.job(assign.jobId()).orElseThrow().assignedTo(assign.driverId()).withLocked(assign.locks()));
    state.putDriver(assign.driverId(), target.plusJob(assign.jobId()));
    publish(assign.jobId(), decision, causeId, out);
    String previous = job.get().driverId();
    if (previous != null && !previous.equals(assign.driverId())) {
      fillPending(previous, causeId, at, out); // the dispatcher's move left room there
    }
  }

  /**
   * Adopts a re-optimized plan (the planner checked its version and the hysteresis): jobs move to
   * the drivers the plan gives them and each route takes the plan's order. Started and locked jobs
   * never move and stay first; a job the plan leaves out keeps what it has.
   */
  public List<CloudEvent> adopt(CloudEvent replanEvent) {
    List<CloudEvent> out = new ArrayList<>();
    causeType = replanEvent.type();
    Instant at = Objects.requireNonNullElseGet(replanEvent.time(), clock::instant);
    ReplanData replan = replanEvent.data(ReplanData.class);
    for (PlanRoute route : replan.plan().routes()) {
      String driverId = route.driverId();
      if (state.driver(driverId).filter(DriverState::available).isEmpty()) {
        continue;
      }
      List<String> planned = new ArrayList<>();
      for (PlanStop stop : route.stops()) {
        Optional<JobState> job = state.job(stop.jobId());
        if (job.isEmpty() || job.get().status() == JobStatus.STARTED || job.get().locked()) {
          continue;
        }
        planned.add(stop.jobId());
        if (!driverId.equals(job.get().driverId())) {
          unassign(job.get());
          DriverState target = state.driver(driverId).orElseThrow();
          Decision decision = NearestDriverPolicy.explain(job.get().job(), target, state.drivers(), at, serviceTimes);
          state.putJob(stop.jobId(), state.job(stop.jobId()).orElseThrow().assignedTo(driverId));
          state.putDriver(driverId, target.plusJob(stop.jobId()));
          publish(stop.jobId(), decision, replanEvent.id(), out);
        }
      }
      reorder(driverId, planned);
    }
    return out;
  }

  /** Pinned jobs (started, locked) first as they were, then the plan's order, then anything else. */
  private void reorder(String driverId, List<String> planned) {
    DriverState driver = state.driver(driverId).orElseThrow();
    List<String> order = new ArrayList<>();
    for (String jobId : driver.jobIds()) {
      if (state.job(jobId).map(j -> j.status() == JobStatus.STARTED || j.locked()).orElse(false)) {
        order.add(jobId);
      }
    }
    planned.stream().filter(driver.jobIds()::contains).filter(id -> !order.contains(id)).forEach(order::add);
    driver.jobIds().stream().filter(id -> !order.contains(id)).forEach(order::add);
    if (!order.equals(driver.jobIds())) {
      state.putDriver(driverId, driver.withJobIds(order));
    }
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
      fillPending(ping.driverId(), causeId, ping.recordedAt(), out); // back after a silence: may take jobs again
    }
    if (!moved.available() || moved.jobIds().isEmpty()) {
      return;
    }
    Set<String> lateNow = policy.lateJobs(moved, moved.location(), ping.recordedAt(), state, serviceTimes);
    if (lateNow.isEmpty()) {
      return;
    }
    Set<String> lateBefore = before.positionAt() == null ? Set.of()
        : policy.lateJobs(before, before.location(), before.positionAt(), state, serviceTimes);
    for (String jobId : lateNow) {
      JobState job = state.job(jobId).orElse(null);
      if (lateBefore.contains(jobId) || job == null || job.status() != JobStatus.ASSIGNED || job.locked()) {
        continue;
      }
      Decision decision = policy.decide(job.job(), state, ping.recordedAt(), Set.of(ping.driverId()), serviceTimes);
      if (decision.assigned()) {
        unassign(job);
        assign(state.job(jobId).orElseThrow(), decision, causeId, out);
      }
    }
  }

  /**
   * Tries the pending jobs, most urgent and oldest first, on the one driver who just gained room or
   * abilities. Only that driver: a job is pending because no driver could take it when it was last
   * decided, and no other driver has gained anything since (each gain comes here with its driver).
   * Trying every pending job on every driver cost a full road-scored decision per pending job at
   * each completed job — seconds of planner time in a zone with hundreds waiting. A job that still
   * fits nowhere keeps its reason unless this driver got it further (say from {@code SHIFT} to
   * {@code SKILL}): the reason names how far the most hopeful driver got.
   */
  private void fillPending(String driverId, String causeId, Instant at, List<CloudEvent> out) {
    if (driverId == null || state.driver(driverId).isEmpty()) {
      return;
    }
    List<JobState> pending = state.jobs().stream()
        .filter(j -> j.status() == JobStatus.PENDING)
        .sorted(Comparator.comparingInt((JobState j) -> j.job().priorityOrDefault())
            .thenComparing(JobState::createdAt)
            .thenComparing(j -> j.job().jobId()))
        .toList();
    if (pending.isEmpty()) {
      return;
    }
    Set<String> others = new HashSet<>();
    state.drivers().forEach(d -> others.add(d.driver().driverId()));
    others.remove(driverId);
    for (JobState job : pending) {
      Decision decision = policy.decide(job.job(), state, at, others, serviceTimes);
      if (decision.assigned()) {
        assign(job, decision, causeId, out);
      } else if (NearestDriverPolicy.stage(decision.unassignedReason()) > NearestDriverPolicy.stage(job.unassignedReason())) {
        state.putJob(job.job().jobId(), job.pending(decision.unassignedReason()));
        publish(job.job().jobId(), decision, causeId, out);
      }
    }
  }

  private void decide(JobState job, String causeId, Instant at, Set<String> excluded, boolean isNew, List<CloudEvent> out) {
    Decision decision = policy.decide(job.job(), state, at, excluded, serviceTimes);
    String jobId = job.job().jobId();
    if (decision.assigned()) {
      assign(job, decision, causeId, out);
    } else if (isNew || !decision.unassignedReason().equals(job.unassignedReason())) {
      state.putJob(jobId, job.pending(decision.unassignedReason()));
      publish(jobId, decision, causeId, out);
    }
  }

  private void assign(JobState job, Decision decision, String causeId, List<CloudEvent> out) {
    String jobId = job.job().jobId();
    state.putJob(jobId, job.assignedTo(decision.driverId()));
    DriverState driver = state.driver(decision.driverId()).orElseThrow();
    state.putDriver(decision.driverId(),
        decision.insertAt() == null ? driver.plusJob(jobId) : driver.withJobAt(decision.insertAt(), jobId));
    publish(jobId, decision, causeId, out);
  }

  /** The decision, followed by its decision-log record. */
  private void publish(String jobId, Decision decision, String causeId, List<CloudEvent> out) {
    CloudEvent event = AssignmentEvents.of(tenant, zone, jobId, decision, causeId, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    out.add(event);
    out.add(AssignmentEvents.audit(event, decision, zone, causeType));
  }

  /** Takes the job off its driver (if any) and marks it pending, keeping its last published reason. */
  private void unassign(JobState job) {
    String jobId = job.job().jobId();
    if (job.driverId() != null) {
      state.driver(job.driverId()).ifPresent(d -> state.putDriver(d.driver().driverId(), d.minusJob(jobId)));
    }
    state.putJob(jobId, job.pending(job.unassignedReason()));
  }

  private List<JobState> jobsOf(String driverId) {
    return state.jobs().stream().filter(j -> driverId.equals(j.driverId())).toList();
  }
}
