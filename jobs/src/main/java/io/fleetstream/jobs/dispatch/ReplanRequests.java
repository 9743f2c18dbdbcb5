package io.fleetstream.jobs.dispatch;

import io.fleetstream.jobs.optimize.ReoptimizeRequest;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import io.fleetstream.schemas.state.StopKey;
import io.fleetstream.schemas.state.ZonePlanMeta;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the request to re-solve a zone from its state: what the re-optimizer gets to work with.
 */
final class ReplanRequests {

  /** The most open jobs one re-solve takes: a 2 s budget on one core goes far with this many. */
  static final int MAX_REOPTIMIZED_JOBS = 250;

  /**
   * The most drivers without open jobs one re-solve takes (drivers with jobs are bounded by the
   * jobs). Without it a zone of 10,000 mostly idle drivers went whole into every re-solve, whose
   * road matrix then took a core.
   */
  static final int MAX_IDLE_DRIVERS = 32;

  private ReplanRequests() {}

  /**
   * The zone's open work: pending and assigned jobs, available drivers, routes, pinned jobs. A zone
   * with more than {@link #MAX_REOPTIMIZED_JOBS} open jobs is re-solved a slice at a time: a run of
   * drivers (starting somewhere new each time) with their jobs, plus the oldest pending jobs, so
   * one solve stays within its time budget and a large zone is still covered over successive runs.
   * Idle drivers (no open job) count apart: at most {@link #MAX_IDLE_DRIVERS}, from the same run.
   */
  static ReoptimizeRequest of(String tenant, String zoneName, ZonePlanMeta plan, ZoneState zone) {
    List<JobState> open = zone.jobs();
    Instant now = Instant.now();
    List<DriverState> available = onDuty(zone);
    List<JobState> jobs = open;
    long idleDrivers = available.stream().filter(d -> d.jobIds().isEmpty()).count();
    if ((open.size() > MAX_REOPTIMIZED_JOBS || idleDrivers > MAX_IDLE_DRIVERS)
        && !available.isEmpty()) {
      List<DriverState> slice = new ArrayList<>();
      int held = 0;
      int idle = 0;
      int from =
          (int) Math.floorMod(now.getEpochSecond() * 2_654_435_761L, (long) available.size());
      for (int k = 0; k < available.size(); k++) {
        DriverState d = available.get((from + k) % available.size());
        if (d.jobIds().isEmpty()) {
          if (idle < MAX_IDLE_DRIVERS) {
            slice.add(d);
            idle++;
          }
          continue;
        }
        if (held > 0 && held + d.jobIds().size() > MAX_REOPTIMIZED_JOBS * 3 / 4) {
          break;
        }
        slice.add(d);
        held += d.jobIds().size();
      }
      Set<String> sliceJobs = new HashSet<>();
      slice.forEach(d -> sliceJobs.addAll(d.jobIds()));
      List<JobState> pending =
          open.stream()
              .filter(j -> j.status() == JobStatus.PENDING)
              .sorted(Comparator.comparing(JobState::createdAt).thenComparing(j -> j.job().jobId()))
              .limit(Math.max(0, MAX_REOPTIMIZED_JOBS - held))
              .toList();
      jobs =
          new ArrayList<>(open.stream().filter(j -> sliceJobs.contains(j.job().jobId())).toList());
      jobs.addAll(pending);
      available = slice;
    }
    return request(tenant, zoneName, plan.version(), jobs, available, zone, now);
  }

  /**
   * The whole zone's open work, unsliced, as a what-if starts from: every open job and every
   * available driver that is not silent.
   */
  static ReoptimizeRequest whole(String tenant, String zoneName, long planVersion, ZoneState zone) {
    // Whole seconds: the answer's arrival times are this instant plus seconds.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return request(tenant, zoneName, planVersion, zone.jobs(), onDuty(zone), zone, now);
  }

  private static ReoptimizeRequest request(
      String tenant,
      String zoneName,
      long planVersion,
      List<JobState> jobs,
      List<DriverState> available,
      ZoneState zone,
      Instant now) {
    Map<String, JobState> byId = new LinkedHashMap<>();
    zone.jobs().forEach(j -> byId.put(j.job().jobId(), j));
    // A pair whose pickup is still to make is planned as a pair, its pickup where the route has it;
    // one whose goods are on board is one more visit, pinned as started. Only a locked pair with
    // its pickup to make keeps its driver's route as it is: a lock pins the job's stops first and
    // together, which would move a pickup the driver has not reached yet.
    Set<String> heldAsIs = new HashSet<>();
    List<DriverState> replanned = new ArrayList<>();
    for (DriverState d : available) {
      boolean lockedPairOnRoute =
          d.jobIds().stream()
              .map(byId::get)
              .anyMatch(j -> j != null && j.locked() && LiveRoute.pickupPending(j));
      if (lockedPairOnRoute) {
        heldAsIs.addAll(d.jobIds());
      } else {
        replanned.add(d);
      }
    }
    Map<String, List<String>> routes = new LinkedHashMap<>();
    Map<String, List<String>> pinned = new LinkedHashMap<>();
    Map<String, String> underWay = new LinkedHashMap<>();
    Map<String, List<StopKey>> stops = new LinkedHashMap<>();
    for (DriverState d : replanned) {
      routes.put(d.driver().driverId(), d.jobIds());
      pinned.put(
          d.driver().driverId(),
          d.jobIds().stream()
              .filter(
                  id ->
                      byId.containsKey(id)
                          && (byId.get(id).status() == JobStatus.STARTED || byId.get(id).locked()))
              .toList());
      LiveRoute route = LiveRoute.of(d, zone);
      route.onTheWayTo(now).ifPresent(job -> underWay.put(d.driver().driverId(), job));
      if (route.hasPickup()) {
        stops.put(d.driver().driverId(), route.keys());
      }
    }
    return new ReoptimizeRequest(
        tenant,
        zoneName,
        planVersion,
        "min_duration",
        jobs.stream().filter(j -> !heldAsIs.contains(j.job().jobId())).map(JobState::job).toList(),
        replanned.stream().map(d -> d.driver().startingAt(d.location())).toList(),
        routes,
        pinned,
        underWay,
        stops,
        now);
  }

  /**
   * Available drivers, by id, without the silent ones: silent against the zone's newest position
   * report (see NearestDriverPolicy.onDuty), so a replay of old telemetry judges by its own clock.
   */
  private static List<DriverState> onDuty(ZoneState zone) {
    Instant newestReport =
        zone.drivers().stream()
            .map(DriverState::positionAt)
            .filter(Objects::nonNull)
            .max(Comparator.naturalOrder())
            .orElse(null);
    return zone.drivers().stream()
        .filter(
            d ->
                d.available()
                    && (newestReport == null || !NearestDriverPolicy.silent(d, newestReport)))
        .sorted(Comparator.comparing((DriverState d) -> d.driver().driverId()))
        .toList();
  }
}
