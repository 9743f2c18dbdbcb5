package io.fleetstream.routing.solver.internal;

import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.StopType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a previous plan into feasible starting routes for this problem: locked stops first, then
 * the plan's stops that still exist, are searchable and are not locked, each kept only while the
 * route stays feasible (a stale plan may no longer fit changed windows or shifts).
 */
final class WarmStart {

  private WarmStart() {}

  static Map<String, List<StopRef>> prepare(
      Problem problem, Plan plan, Set<String> searchable, RouteSimulator simulator) {
    Map<String, Driver> drivers = problem.driversById();
    Map<String, Job> jobs = problem.jobsById();
    Set<String> locked = problem.lockedJobIds();
    Set<String> used = new HashSet<>();
    Map<String, List<StopRef>> out = new LinkedHashMap<>();
    for (Driver d : problem.drivers()) {
      List<StopRef> seq = new ArrayList<>(problem.locksOf(d.id()));
      Route r = plan.routeOf(d.id()).orElse(null);
      if (r != null) {
        for (StopRef ref : candidates(r, jobs, locked, searchable, used)) {
          tryAppend(d, seq, ref, simulator);
        }
        dropOrphanPickups(seq);
        if (!simulator.run(d, seq).feasible()) {
          seq = new ArrayList<>(problem.locksOf(d.id()));
        }
      }
      seq.forEach(ref -> used.add(ref.jobId()));
      if (!seq.isEmpty()) out.put(d.id(), seq);
    }
    return out;
  }

  /**
   * Stops of the route whose job still exists, may be searched, is not locked and is complete here.
   */
  private static List<StopRef> candidates(
      Route r,
      Map<String, Job> jobs,
      Set<String> locked,
      Set<String> searchable,
      Set<String> used) {
    Set<String> pickups = new HashSet<>();
    Set<String> dropoffs = new HashSet<>();
    for (StopRef ref : r.refs()) {
      if (ref.type() == StopType.PICKUP) pickups.add(ref.jobId());
      if (ref.type() == StopType.DROPOFF && pickups.contains(ref.jobId()))
        dropoffs.add(ref.jobId());
    }
    List<StopRef> out = new ArrayList<>();
    Set<StopRef> seen = new HashSet<>();
    for (StopRef ref : r.refs()) {
      Job j = jobs.get(ref.jobId());
      if (j == null
          || locked.contains(j.id())
          || !searchable.contains(j.id())
          || used.contains(j.id())) continue;
      boolean typeFits =
          j.isPair() ? ref.type() != StopType.SERVICE : ref.type() == StopType.SERVICE;
      if (!typeFits || !seen.add(ref)) continue;
      if (j.isPair() && !dropoffs.contains(j.id())) continue;
      out.add(ref);
    }
    return out;
  }

  private static void tryAppend(
      Driver d, List<StopRef> seq, StopRef ref, RouteSimulator simulator) {
    if (ref.type() == StopType.DROPOFF && !seq.contains(StopRef.pickup(ref.jobId()))) return;
    seq.add(ref);
    if (!simulator.run(d, seq).feasible()) {
      seq.remove(seq.size() - 1);
      if (ref.type() == StopType.DROPOFF) seq.remove(StopRef.pickup(ref.jobId()));
    }
  }

  private static void dropOrphanPickups(List<StopRef> seq) {
    Set<String> dropped = new HashSet<>();
    for (StopRef r : seq) if (r.type() == StopType.DROPOFF) dropped.add(r.jobId());
    seq.removeIf(r -> r.type() == StopType.PICKUP && !dropped.contains(r.jobId()));
  }
}
