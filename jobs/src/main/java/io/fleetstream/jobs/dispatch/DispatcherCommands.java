package io.fleetstream.jobs.dispatch;

import io.fleetstream.jobs.ingest.DeadLetters;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.DecideData;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.LockData;
import io.fleetstream.schemas.events.ManualAssignData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.ReplanData;
import io.fleetstream.schemas.json.ErrorCode;
import io.fleetstream.schemas.json.Rejection;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import io.fleetstream.schemas.state.StopKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a dispatcher (or the re-optimizer) tells a zone, as opposed to what happens in the field:
 * emergencies, manual assignments, locks, and adopting a re-optimized plan.
 */
final class DispatcherCommands {

  private final ZoneState state;
  private final Clock clock;
  private final ServiceTimes serviceTimes;
  private final ZoneDecisions decisions;

  DispatcherCommands(
      ZoneState state, Clock clock, ServiceTimes serviceTimes, ZoneDecisions decisions) {
    this.state = state;
    this.clock = clock;
    this.serviceTimes = serviceTimes;
    this.decisions = decisions;
  }

  /**
   * Pins a job with a driver to that driver, or frees it; only a job with a driver can be pinned
   * (else the command goes to the DLQ, so whoever sent it learns why nothing changed).
   */
  void lock(CloudEvent command, boolean lock, List<CloudEvent> out) {
    String jobId = command.data(LockData.class).jobId();
    Optional<JobState> job = state.job(jobId);
    if (job.isEmpty() || (lock && job.get().driverId() == null)) {
      out.add(notApplicable(command, "/data/job_id", "job " + jobId + " has no driver to pin"));
      return;
    }
    state.putJob(jobId, job.get().withLocked(lock));
  }

  /**
   * The job goes to the nearest capable driver now, first on their route (after a job in progress),
   * even when that driver is full; the driver's last movable job then makes room and is decided
   * again.
   */
  void emergency(
      EmergencyDispatchData emergency, String causeId, Instant at, List<CloudEvent> out) {
    JobData job = emergency.job();
    JobData urgent = job.withPriority(1);
    JobState existing = state.job(job.jobId()).orElse(null);
    if (existing != null) {
      decisions.unassign(existing);
    }
    JobState pending =
        existing != null
            ? existing.withJob(urgent).pending(null)
            : new JobState(urgent, JobStatus.PENDING, null, null, at);
    state.putJob(urgent.jobId(), pending);
    Decision decision = NearestDriverPolicy.emergency(urgent, state.drivers(), at, serviceTimes);
    if (!decision.assigned()) {
      decisions.decide(pending, causeId, at, Set.of(), true, out);
      return;
    }
    DriverState driver = state.driver(decision.driverId()).orElseThrow();
    JobState displaced =
        driver.hasRoom()
            ? null
            : decisions.jobsOf(driver.driver().driverId()).stream()
                .filter(j -> j.status() == JobStatus.ASSIGNED && !j.locked())
                .reduce((first, second) -> second)
                .orElse(null);
    if (displaced != null) {
      decisions.unassign(displaced);
      driver = state.driver(decision.driverId()).orElseThrow();
    }
    int firstNotStarted =
        (int)
            decisions.jobsOf(driver.driver().driverId()).stream()
                .filter(j -> j.status() == JobStatus.STARTED)
                .count();
    state.putJob(urgent.jobId(), pending.assignedTo(decision.driverId()));
    state.putDriver(decision.driverId(), driver.withJobAt(firstNotStarted, urgent.jobId()));
    decisions.publish(urgent.jobId(), decision, causeId, out);
    if (displaced != null) {
      decisions.decide(
          state.job(displaced.job().jobId()).orElseThrow(),
          causeId,
          at,
          Set.of(decision.driverId()),
          false,
          out);
    }
  }

  /**
   * A dispatcher's choice wins over the policy, capacity included; the decision still carries its
   * explanation.
   */
  void manualAssign(CloudEvent command, Instant at, List<CloudEvent> out) {
    ManualAssignData assign = command.data(ManualAssignData.class);
    String causeId = command.id();
    Optional<JobState> job = state.job(assign.jobId());
    Optional<DriverState> driver = state.driver(assign.driverId());
    if (job.isEmpty() || job.get().status() == JobStatus.STARTED) {
      out.add(
          notApplicable(
              command, "/data/job_id", "job " + assign.jobId() + " is under way or finished"));
      return;
    }
    if (driver.isEmpty() || !driver.get().available()) {
      out.add(
          notApplicable(
              command,
              "/data/driver_id",
              "driver "
                  + assign.driverId()
                  + (driver.isEmpty() ? " is not in the job's zone" : " is off shift")));
      return;
    }
    decisions.unassign(job.get());
    DriverState target = state.driver(assign.driverId()).orElseThrow();
    Decision decision =
        NearestDriverPolicy.explain(job.get().job(), target, state.drivers(), at, serviceTimes);
    state.putJob(
        assign.jobId(),
        state
            .job(assign.jobId())
            .orElseThrow()
            .assignedTo(assign.driverId())
            .withLocked(assign.locks()));
    state.putDriver(assign.driverId(), target.plusJob(assign.jobId()));
    decisions.publish(assign.jobId(), decision, causeId, out);
    String previous = job.get().driverId();
    if (previous != null && !previous.equals(assign.driverId())) {
      decisions.fillPending(previous, causeId, at, out); // the dispatcher's move left room there
    }
  }

  /**
   * A dispatcher asks for a decision now: the job is weighed afresh against every driver of the
   * zone and goes to the best one (the assignment and its decision-log record name the command as
   * their cause), or with a dry run only the decision-log record says what would happen, with
   * outcome {@code proposed}. A job under way or pinned is not the policy's to move (DLQ).
   */
  void decide(CloudEvent command, Instant at, List<CloudEvent> out) {
    DecideData decide = command.data(DecideData.class);
    Optional<JobState> job = state.job(decide.jobId());
    if (job.isEmpty() || job.get().status() == JobStatus.STARTED) {
      out.add(
          notApplicable(
              command, "/data/job_id", "job " + decide.jobId() + " is under way or finished"));
      return;
    }
    if (decide.dry()) {
      decisions.publishProposal(
          decide.jobId(), decisions.propose(job.get(), at), command.id(), out);
      return;
    }
    if (job.get().locked()) {
      out.add(
          notApplicable(
              command,
              "/data/job_id",
              "job " + decide.jobId() + " is pinned to its driver; unlock it first"));
      return;
    }
    decisions.unassign(job.get());
    decisions.decide(
        state.job(decide.jobId()).orElseThrow(), command.id(), at, Set.of(), true, out);
    String previous = job.get().driverId();
    String now = state.job(decide.jobId()).map(JobState::driverId).orElse(null);
    if (previous != null && !previous.equals(now)) {
      decisions.fillPending(previous, command.id(), at, out); // the move left room there
    }
  }

  /** A command the zone cannot apply, kept on the DLQ with the field that made it so. */
  private static CloudEvent notApplicable(CloudEvent command, String path, String message) {
    return DeadLetters.of(
        command,
        new Rejection(ErrorCode.COMMAND_NOT_APPLICABLE, path, message),
        "dispatch-planner");
  }

  /**
   * Adopts a re-optimized plan (the planner checked its version and the hysteresis): jobs move to
   * the drivers the plan gives them and each route takes the plan's order. Started and locked jobs
   * never move and stay first; a job the plan leaves out keeps what it has.
   */
  public List<CloudEvent> adopt(CloudEvent replanEvent) {
    List<CloudEvent> out = new ArrayList<>();
    decisions.cause(replanEvent.type());
    Instant at = Objects.requireNonNullElseGet(replanEvent.time(), clock::instant);
    ReplanData replan = replanEvent.data(ReplanData.class);
    for (PlanRoute route : replan.plan().routes()) {
      String driverId = route.driverId();
      if (state.driver(driverId).filter(DriverState::available).isEmpty()) {
        continue;
      }
      List<StopKey> planned = new ArrayList<>();
      for (PlanStop stop : route.stops()) {
        Optional<JobState> job = state.job(stop.jobId());
        if (job.isEmpty() || job.get().status() == JobStatus.STARTED || job.get().locked()) {
          continue;
        }
        planned.add(stop.isPickup() ? StopKey.pickupOf(stop.jobId()) : StopKey.at(stop.jobId()));
        if (!driverId.equals(job.get().driverId())) {
          decisions.unassign(job.get());
          DriverState target = state.driver(driverId).orElseThrow();
          Decision decision =
              NearestDriverPolicy.explain(
                  job.get().job(), target, state.drivers(), at, serviceTimes);
          state.putJob(stop.jobId(), state.job(stop.jobId()).orElseThrow().assignedTo(driverId));
          state.putDriver(driverId, target.plusJob(stop.jobId()));
          decisions.publish(stop.jobId(), decision, replanEvent.id(), out);
        }
      }
      reorder(driverId, planned);
    }
    return out;
  }

  /**
   * Pinned jobs' stops (started, locked) first as they were, then the plan's stops in its order (a
   * pair's pickup where the plan puts it), then anything else the driver holds.
   */
  void reorder(String driverId, List<StopKey> planned) {
    DriverState driver = state.driver(driverId).orElseThrow();
    List<StopKey> current = driver.stopOrder();
    Set<String> pinned = new HashSet<>();
    for (String jobId : driver.jobIds()) {
      if (state.job(jobId).map(j -> j.status() == JobStatus.STARTED || j.locked()).orElse(false)) {
        pinned.add(jobId);
      }
    }
    List<StopKey> order = new ArrayList<>();
    current.stream().filter(s -> pinned.contains(s.jobId())).forEach(order::add);
    planned.stream()
        .filter(s -> driver.jobIds().contains(s.jobId()) && !pinned.contains(s.jobId()))
        .filter(s -> !order.contains(s))
        .forEach(order::add);
    current.stream().filter(s -> !order.contains(s)).forEach(order::add);
    if (!order.equals(current)) {
      state.putDriver(driverId, driver.withStops(order));
    }
  }
}
