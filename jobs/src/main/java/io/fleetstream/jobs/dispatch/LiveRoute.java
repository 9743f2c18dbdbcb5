package io.fleetstream.jobs.dispatch;

import io.fleetstream.routing.model.StopRef;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.state.DriverRoute;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import io.fleetstream.schemas.state.RouteStop;
import io.fleetstream.schemas.state.StopKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A driver's open stops as the live planner routes them. A pickup-and-delivery job not yet started
 * is two stops, its pickup first; once started its goods are on board and only the delivery is
 * left. Jobs the zone no longer holds are left out. A pickup the driver's state does not place (a
 * dispatcher or a run gave the job, job by job) goes just before its delivery.
 */
record LiveRoute(List<Stop> stops) {

  /** One stop with the job it serves. */
  record Stop(StopKey key, JobState job) {

    /** The job waits for its pickup: this stop is the pickup, or the delivery after it. */
    boolean pairPending() {
      return LiveRoute.pickupPending(job);
    }

    /** The stop as the routing engine names it. */
    StopRef ref() {
      String id = key.jobId();
      if (key.pickup()) {
        return StopRef.pickup(id);
      }
      return pairPending() ? StopRef.dropoff(id) : StopRef.service(id);
    }

    GeoPoint location() {
      JobData j = job.job();
      return key.pickup() ? j.pickup().location() : j.location();
    }

    List<TimeWindow> timeWindows() {
      JobData j = job.job();
      return key.pickup() ? j.pickup().timeWindows() : j.timeWindows();
    }

    /** Minutes spent here: the pickup's as given, the job's as learned for {@code driverId}. */
    double serviceMinutes(ServiceTimes serviceTimes, String driverId) {
      JobData j = job.job();
      return key.pickup()
          ? j.pickup().serviceMinutesOrZero()
          : serviceTimes.estimate(j, driverId).minutes();
    }
  }

  static LiveRoute of(DriverState driver, ZoneState zone) {
    List<Stop> out = new ArrayList<>();
    Set<StopKey> seen = new HashSet<>();
    for (StopKey key : driver.stopOrder()) {
      Optional<JobState> held = zone.job(key.jobId());
      if (held.isEmpty() || !seen.add(key)) {
        continue;
      }
      JobState job = held.get();
      if (key.pickup()) {
        if (pickupPending(job)) {
          out.add(new Stop(key, job));
        }
        continue;
      }
      StopKey pickup = StopKey.pickupOf(key.jobId());
      if (pickupPending(job) && seen.add(pickup)) {
        out.add(new Stop(pickup, job));
      }
      out.add(new Stop(key, job));
    }
    return new LiveRoute(List.copyOf(out));
  }

  /**
   * How far ahead of a job's window a driver is taken to leave for it: a driver free now whose next
   * job opens within this is on the way (or about to be), one whose next job opens later is not yet
   * committed to it.
   */
  static final Duration LEAVES_AHEAD = Duration.ofMinutes(30);

  /**
   * A driver with nothing started is on the way to their next stop once its window opens within
   * {@link #LEAVES_AHEAD} (or it has none): the planner told them it is next, and they go. No event
   * says so (FSM systems report starts, not departures), hence the window.
   */
  private static boolean onTheWay(Stop next, Instant now) {
    if (next.job().status() != JobStatus.ASSIGNED) {
      return false;
    }
    Instant leaveBy = now.plus(LEAVES_AHEAD);
    List<TimeWindow> windows = next.timeWindows();
    return windows.isEmpty()
        || windows.stream().anyMatch(w -> !w.start().toInstant().isAfter(leaveBy));
  }

  /**
   * The job the driver is on the way to, if any: with nothing started or locked, their next job
   * once {@link #onTheWay}. Giving it to someone else turns the driver round (the bench counted 43
   * drives cut short in three 30-job days when re-plans moved such jobs as freely as any), so a
   * re-plan charges more for that move.
   */
  Optional<String> onTheWayTo(Instant now) {
    if (stops.isEmpty()) {
      return Optional.empty();
    }
    Stop next = stops.get(0);
    return next.job().locked() || !onTheWay(next, now)
        ? Optional.empty()
        : Optional.of(next.key().jobId());
  }

  static boolean pickupPending(JobState job) {
    return job.job().pickup() != null && job.status() != JobStatus.STARTED;
  }

  List<StopRef> refs() {
    return stops.stream().map(Stop::ref).toList();
  }

  List<StopKey> keys() {
    return stops.stream().map(Stop::key).toList();
  }

  /** The distinct jobs, in the order of their first stop. */
  List<JobState> jobs() {
    List<JobState> jobs = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    stops.forEach(
        s -> {
          if (ids.add(s.key().jobId())) {
            jobs.add(s.job());
          }
        });
    return jobs;
  }

  /** True when some stop is a pickup: positions then count stops, not jobs. */
  boolean hasPickup() {
    return stops.stream().anyMatch(s -> s.key().pickup());
  }

  /**
   * This route with {@code jobId} inserted: its pickup at {@code at} and its delivery at {@code
   * dropoffAt} of the new order, or (dropoffAt null) its one stop at {@code at}.
   */
  List<StopKey> with(String jobId, int at, Integer dropoffAt) {
    List<StopKey> order = new ArrayList<>(keys());
    if (dropoffAt == null) {
      order.add(Math.min(at, order.size()), StopKey.at(jobId));
      return order;
    }
    order.add(Math.min(at, order.size()), StopKey.pickupOf(jobId));
    order.add(Math.min(dropoffAt, order.size()), StopKey.at(jobId));
    return order;
  }

  /**
   * The driver's open stops for the tracker, in the order they were given, started jobs included; a
   * pickup still to make is a stop of its own.
   */
  static DriverRoute driverRoute(
      String tenant, String driverId, ZoneState zone, ServiceTimes serviceTimes) {
    List<RouteStop> stops = new ArrayList<>();
    zone.driver(driverId)
        .ifPresent(
            d -> {
              for (Stop stop : of(d, zone).stops()) {
                JobState j = stop.job();
                stops.add(
                    new RouteStop(
                        j.job().jobId(),
                        stop.location(),
                        stop.serviceMinutes(serviceTimes, driverId),
                        stop.timeWindows().stream()
                            .map(w -> w.end().toInstant())
                            .max(Instant::compareTo)
                            .orElse(null),
                        j.status() == JobStatus.STARTED,
                        stop.key().pickup()));
              }
            });
    return new DriverRoute(tenant, driverId, stops);
  }
}
