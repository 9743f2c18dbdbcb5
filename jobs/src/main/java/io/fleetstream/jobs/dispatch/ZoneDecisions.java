package io.fleetstream.jobs.dispatch;

import io.fleetstream.routing.model.ReasonCode;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The decision core a zone's events and a dispatcher's commands share: decide a job, put it on a
 * driver, take it off, retry the waiting jobs on a driver who gained room, and publish each
 * decision with its decision-log record.
 */
final class ZoneDecisions {

  /** The reason a job waits when no driver's road reaches it (the routing module's code). */
  private static final String UNREACHABLE = ReasonCode.UNREACHABLE.name();

  private final String tenant;
  private final String zone;
  private final ZoneState state;
  private final Clock clock;
  private final ServiceTimes serviceTimes;
  private final InsertionPolicy policy;

  /** The type of the event being applied, for the decision log. */
  private String causeType;

  ZoneDecisions(
      String tenant,
      String zone,
      ZoneState state,
      Clock clock,
      ServiceTimes serviceTimes,
      InsertionPolicy policy) {
    this.tenant = tenant;
    this.zone = zone;
    this.state = state;
    this.clock = clock;
    this.serviceTimes = serviceTimes;
    this.policy = policy;
  }

  /** The event about to be applied: its type goes into every decision-log record until the next. */
  void cause(String type) {
    causeType = type;
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
  void fillPending(String driverId, String causeId, Instant at, List<CloudEvent> out) {
    if (driverId == null) {
      return;
    }
    List<JobState> pending = state.pendingJobs();
    if (pending.isEmpty() || state.driver(driverId).isEmpty()) {
      return;
    }
    List<JobState> tryable = new ArrayList<>(pending.size());
    for (JobState j : pending) {
      // A job no road reaches stays UNREACHABLE for this driver too: at 100,000 drivers, scoring
      // each new driver for the zone's hundreds of such jobs kept the planner busy for minutes.
      // Set aside, it is not even looked at again until it changes.
      if (UNREACHABLE.equals(j.unassignedReason())
          && policy.unreachableByAnyone(j.job().location())) {
        state.setAside(j.job().jobId());
      } else {
        tryable.add(j);
      }
    }
    tryable.sort(
        Comparator.comparingInt((JobState j) -> j.job().priorityOrDefault())
            .thenComparing(JobState::createdAt)
            .thenComparing(j -> j.job().jobId()));
    for (JobState job : tryable) {
      // the driver as the last assignment left them
      List<DriverState> candidate = List.of(state.driver(driverId).orElseThrow());
      Decision decision = policy.decideAmong(job.job(), state, candidate, at, serviceTimes);
      if (decision.assigned()) {
        assign(job, decision, causeId, out);
      } else if (EligibleDrivers.stage(decision.unassignedReason())
          > EligibleDrivers.stage(job.unassignedReason())) {
        state.putJob(job.job().jobId(), job.pending(decision.unassignedReason()));
        publish(job.job().jobId(), decision, causeId, out);
      }
    }
  }

  void decide(
      JobState job,
      String causeId,
      Instant at,
      Set<String> excluded,
      boolean isNew,
      List<CloudEvent> out) {
    Decision decision = policy.decide(job.job(), state, at, excluded, serviceTimes);
    String jobId = job.job().jobId();
    if (decision.assigned()) {
      assign(job, decision, causeId, out);
    } else if (isNew || !decision.unassignedReason().equals(job.unassignedReason())) {
      state.putJob(jobId, job.pending(decision.unassignedReason()));
      publish(jobId, decision, causeId, out);
    }
  }

  void assign(JobState job, Decision decision, String causeId, List<CloudEvent> out) {
    String jobId = job.job().jobId();
    state.putJob(jobId, job.assignedTo(decision.driverId()));
    DriverState driver = state.driver(decision.driverId()).orElseThrow();
    state.putDriver(decision.driverId(), placed(driver, jobId, decision));
    publish(jobId, decision, causeId, out);
  }

  /**
   * The driver with the job where the decision put it. With a pickup on the route or in the job the
   * decision's positions count the route's stops (see {@link LiveRoute}), not its jobs.
   */
  private DriverState placed(DriverState driver, String jobId, Decision decision) {
    if (decision.insertAt() == null) {
      return driver.plusJob(jobId);
    }
    LiveRoute route = LiveRoute.of(driver, state);
    if (decision.dropoffAt() == null && !route.hasPickup()) {
      return driver.withJobAt(decision.insertAt(), jobId);
    }
    return driver.withStops(route.with(jobId, decision.insertAt(), decision.dropoffAt()));
  }

  /**
   * What the policy would decide for the job now, changing nothing: a job with a driver is weighed
   * as if it had none (its own place on the route would otherwise count against it), then put back.
   */
  Decision propose(JobState job, Instant at) {
    String jobId = job.job().jobId();
    DriverState holder = job.driverId() == null ? null : state.driver(job.driverId()).orElse(null);
    if (holder != null) {
      unassign(job);
    }
    try {
      return policy.decide(job.job(), state, at, Set.of(), serviceTimes);
    } finally {
      state.putJob(jobId, job);
      if (holder != null) {
        state.putDriver(holder.driver().driverId(), holder);
      }
    }
  }

  /** A proposal's decision-log record: outcome {@code proposed}, nothing published besides. */
  void publishProposal(String jobId, Decision decision, String causeId, List<CloudEvent> out) {
    out.add(
        AssignmentEvents.proposal(
            tenant,
            zone,
            jobId,
            decision,
            causeId,
            causeType,
            clock.instant().truncatedTo(ChronoUnit.MILLIS)));
  }

  /** The decision, followed by its decision-log record. */
  void publish(String jobId, Decision decision, String causeId, List<CloudEvent> out) {
    CloudEvent event =
        AssignmentEvents.of(
            tenant, zone, jobId, decision, causeId, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    out.add(event);
    out.add(AssignmentEvents.audit(event, decision, zone, causeType));
  }

  /**
   * Takes the job off its driver (if any) and marks it pending, keeping its last published reason.
   */
  void unassign(JobState job) {
    String jobId = job.job().jobId();
    if (job.driverId() != null) {
      state
          .driver(job.driverId())
          .ifPresent(d -> state.putDriver(d.driver().driverId(), d.minusJob(jobId)));
    }
    state.putJob(jobId, job.pending(job.unassignedReason()));
  }

  List<JobState> jobsOf(String driverId) {
    return state.jobs().stream().filter(j -> driverId.equals(j.driverId())).toList();
  }
}
