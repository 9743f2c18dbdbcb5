package io.fleetstream.jobs.optimize;

import io.fleetstream.routing.model.StopRef;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.state.StopKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A zone's open work as the planner holds it, sent to the re-optimizer.
 *
 * <p>Requests wait in the re-optimizer's checkpointed state, so one written by an older job may be
 * read back: a component it did not have arrives as null and is read as empty.
 *
 * @param routes each driver's current jobs in order: the warm start
 * @param pinned each driver's jobs that must stay first and in place (started or locked)
 * @param underWay the job each driver is on the way to, by driver id: moving it turns them round
 * @param stops the route stop by stop of each driver with a pickup still to make (a pair's pickup
 *     need not come just before its delivery); other routes are {@code routes}, a stop per job
 */
public record ReoptimizeRequest(
    String tenant,
    String zone,
    long planVersion,
    String objective,
    List<JobData> jobs,
    List<DriverData> drivers,
    Map<String, List<String>> routes,
    Map<String, List<String>> pinned,
    Map<String, String> underWay,
    Map<String, List<StopKey>> stops,
    Instant requestedAt) {

  public ReoptimizeRequest {
    jobs = List.copyOf(jobs);
    drivers = List.copyOf(drivers);
    routes = Map.copyOf(routes);
    pinned = Map.copyOf(pinned);
    underWay = underWay == null ? Map.of() : Map.copyOf(underWay);
    stops = stops == null ? Map.of() : Map.copyOf(stops);
  }

  /** A request with every route a stop per job (no pickup still to make). */
  public ReoptimizeRequest(
      String tenant,
      String zone,
      long planVersion,
      String objective,
      List<JobData> jobs,
      List<DriverData> drivers,
      Map<String, List<String>> routes,
      Map<String, List<String>> pinned,
      Map<String, String> underWay,
      Instant requestedAt) {
    this(
        tenant,
        zone,
        planVersion,
        objective,
        jobs,
        drivers,
        routes,
        pinned,
        underWay,
        Map.of(),
        requestedAt);
  }

  public String zoneKey() {
    return tenant + "/" + zone;
  }

  public String runId() {
    return "reopt_" + zone + "_" + planVersion;
  }

  /**
   * The jobs to plan as pickup-and-delivery pairs: those with a pickup that are not pinned. A pair
   * whose goods are on board is started, hence pinned, and one more visit; a driver whose route
   * holds a locked pair with its pickup still to make is not in a request at all (see
   * ReplanRequests), so every other job with a pickup still has it to make.
   */
  public Set<String> pairs() {
    Set<String> pinnedIds = new HashSet<>();
    pinned.values().forEach(pinnedIds::addAll);
    Set<String> pairs = new HashSet<>();
    for (JobData j : jobs) {
      if (j.pickup() != null && !pinnedIds.contains(j.jobId())) {
        pairs.add(j.jobId());
      }
    }
    return pairs;
  }

  /**
   * Every route as the routing engine names its stops, by driver in {@link #routes} order, for the
   * jobs of this request: a pair's pickup and dropoff, one service stop for any other job. A route
   * is {@link #stops} when given, else each job of {@link #routes} as one stop (a pair's pickup
   * just before its delivery).
   */
  public Map<String, List<StopRef>> refs() {
    Set<String> pairs = pairs();
    Set<String> ids = new HashSet<>();
    jobs.forEach(j -> ids.add(j.jobId()));
    Map<String, List<StopRef>> refs = new java.util.LinkedHashMap<>();
    routes.keySet().forEach(driver -> refs.put(driver, refsOf(driver, pairs, ids)));
    return refs;
  }

  /** {@code driverId}'s route as {@link #refs()} gives it. */
  public List<StopRef> refsOf(String driverId) {
    return refs().getOrDefault(driverId, List.of());
  }

  private List<StopRef> refsOf(String driverId, Set<String> pairs, Set<String> ids) {
    List<StopRef> refs = new java.util.ArrayList<>();
    for (StopKey key : stopsOf(driverId, pairs)) {
      String id = key.jobId();
      if (!ids.contains(id) || (key.pickup() && !pairs.contains(id))) {
        continue; // gone, or its goods collected since
      }
      refs.add(
          !pairs.contains(id)
              ? StopRef.service(id)
              : key.pickup() ? StopRef.pickup(id) : StopRef.dropoff(id));
    }
    return refs;
  }

  private List<StopKey> stopsOf(String driverId, Set<String> pairs) {
    List<StopKey> given = stops.get(driverId);
    if (given != null) {
      return given;
    }
    List<StopKey> out = new java.util.ArrayList<>();
    for (String id : routes.getOrDefault(driverId, List.of())) {
      if (pairs.contains(id)) {
        out.add(StopKey.pickupOf(id));
      }
      out.add(StopKey.at(id));
    }
    return out;
  }
}
