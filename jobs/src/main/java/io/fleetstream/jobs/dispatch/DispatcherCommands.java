package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.ManualAssignData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.ReplanData;
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
   * Pins a job with a driver to that driver, or frees it; only a job with a driver can be pinned.
   */
  void lock(String jobId, boolean lock) {
    state
        .job(jobId)
        .filter(j -> !lock || j.driverId() != null)
        .ifPresent(j -> state.putJob(jobId, j.withLocked(lock)));
  }

  /**
   * The job goes to the nearest capable driver now, first on their route (after a job in progress),
   * even when that driver is full; the driver's last movable job then makes room and is decided
   * again.
   */
  void emergency(
      EmergencyDispatchData emergency, String causeId, Instant at, List<CloudEvent> out) {
    JobData job = emergency.job();
    JobData urgent =
        new JobData(
            job.jobId(),
            job.externalId(),
            job.location(),
            job.serviceMinutes(),
            1,
            job.timeWindows(),
            job.skills(),
            job.jobType(),
            job.zone());
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
  void manualAssign(ManualAssignData assign, String causeId, Instant at, List<CloudEvent> out) {
    Optional<JobState> job = state.job(assign.jobId());
    Optional<DriverState> driver = state.driver(assign.driverId());
    if (job.isEmpty() || driver.isEmpty() || job.get().status() == JobStatus.STARTED) {
      return; // an unknown driver or a job in progress: nothing to change (the router already
      // checked the job)
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
      List<String> planned = new ArrayList<>();
      for (PlanStop stop : route.stops()) {
        Optional<JobState> job = state.job(stop.jobId());
        if (job.isEmpty() || job.get().status() == JobStatus.STARTED || job.get().locked()) {
          continue;
        }
        planned.add(stop.jobId());
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
   * Pinned jobs (started, locked) first as they were, then the plan's order, then anything else.
   */
  void reorder(String driverId, List<String> planned) {
    DriverState driver = state.driver(driverId).orElseThrow();
    List<String> order = new ArrayList<>();
    for (String jobId : driver.jobIds()) {
      if (state.job(jobId).map(j -> j.status() == JobStatus.STARTED || j.locked()).orElse(false)) {
        order.add(jobId);
      }
    }
    planned.stream()
        .filter(driver.jobIds()::contains)
        .filter(id -> !order.contains(id))
        .forEach(order::add);
    driver.jobIds().stream().filter(id -> !order.contains(id)).forEach(order::add);
    if (!order.equals(driver.jobIds())) {
      state.putDriver(driverId, driver.withJobIds(order));
    }
  }
}
