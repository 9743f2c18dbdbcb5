package io.fleetstream.routing.solver.internal;

import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.ReasonCode;
import io.fleetstream.routing.model.Stop;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.UnassignedJob;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Explains why a job is not on a route. First the job alone ("screen"): no driver, no road, no
 * skill, no capacity, then a route holding only the driver's locked stops and this job; then, for a
 * job that fits alone, every position of every suitable driver's current route.
 */
public final class Diagnosis {

  private final Problem problem;
  private final TravelMatrix matrix;
  private final RouteSimulator simulator;
  private final InsertionSearch insertions;

  public Diagnosis(Problem problem, TravelMatrix matrix, RouteSimulator simulator) {
    this.problem = problem;
    this.matrix = matrix;
    this.simulator = simulator;
    this.insertions = new InsertionSearch(simulator);
  }

  /** Why no driver could serve this job even with an otherwise empty route, or null if one can. */
  public UnassignedJob screen(Job job) {
    if (problem.drivers().isEmpty()) {
      return new UnassignedJob(job.id(), ReasonCode.NO_DRIVER, "no driver in the problem");
    }
    List<Driver> reachable = new ArrayList<>();
    for (Driver d : problem.drivers()) {
      if (connected(d, job)) reachable.add(d);
    }
    if (reachable.isEmpty()) {
      return new UnassignedJob(
          job.id(), ReasonCode.UNREACHABLE, "no road connects the job with any driver");
    }
    List<Driver> skilled =
        reachable.stream().filter(d -> d.hasSkills(job.requiredSkills())).toList();
    if (skilled.isEmpty()) {
      return new UnassignedJob(job.id(), ReasonCode.SKILL, "no driver has " + job.sortedSkills());
    }
    List<Driver> fitting = skilled.stream().filter(d -> fits(d, job)).toList();
    if (fitting.isEmpty()) {
      return new UnassignedJob(
          job.id(), ReasonCode.CAPACITY, "demand " + job.demand() + " exceeds every capacity");
    }
    Map<ReasonCode, Integer> failures = new EnumMap<>(ReasonCode.class);
    String detail = null;
    for (Driver d : fitting) {
      List<StopRef> seq = new ArrayList<>(problem.locksOf(d.id()));
      seq.addAll(job.stopRefs());
      RouteSimulator.Simulation sim = simulator.run(d, seq);
      if (sim.feasible()) return null;
      failures.merge(sim.failure(), 1, Integer::sum);
      if (detail == null) detail = sim.detail();
    }
    ReasonCode reason = dominant(failures);
    return new UnassignedJob(job.id(), reason, detail);
  }

  /**
   * Why a job that fits alone is not in the current routes (after no feasible position was found).
   */
  public UnassignedJob explain(Job job, Map<String, List<StopRef>> routes, double noCost) {
    UnassignedJob screened = screen(job);
    if (screened != null) return screened;
    Map<ReasonCode, Integer> perDriver = new EnumMap<>(ReasonCode.class);
    for (Driver d : problem.drivers()) {
      if (!d.hasSkills(job.requiredSkills()) || !fits(d, job) || !connected(d, job)) continue;
      List<StopRef> route = routes.getOrDefault(d.id(), problem.locksOf(d.id()));
      InsertionSearch.Attempt a =
          insertions.tryInsert(job, d, route, problem.locksOf(d.id()).size(), s -> noCost);
      ReasonCode r = a.best() != null ? null : a.dominantFailure();
      if (r != null) perDriver.merge(r, 1, Integer::sum);
    }
    ReasonCode reason = perDriver.isEmpty() ? ReasonCode.TIME_WINDOW : dominant(perDriver);
    return new UnassignedJob(job.id(), reason, describe(reason));
  }

  private static String describe(ReasonCode r) {
    return switch (r) {
      case TIME_WINDOW -> "no position in any suitable route meets the time windows";
      case CAPACITY -> "every suitable route is too full";
      case SHIFT -> "every suitable route would end after its shift";
      case MAX_STOPS -> "every suitable route has its maximum number of stops";
      case UNREACHABLE -> "no road connects the job with the routes";
      case SKILL -> "no driver has the required skills";
      case NO_DRIVER -> "no driver";
      case BREAK -> "no suitable driver can take their break within its window and serve the job";
    };
  }

  /** The most frequent code; ties go to the order of {@link ReasonCode}. */
  static ReasonCode dominant(Map<ReasonCode, Integer> counts) {
    ReasonCode best = null;
    int n = -1;
    for (ReasonCode r : ReasonCode.values()) {
      Integer c = counts.get(r);
      if (c != null && c > n) {
        best = r;
        n = c;
      }
    }
    return best;
  }

  private static boolean fits(Driver d, Job j) {
    for (int i = 0; i < j.demand().size(); i++) {
      if (j.demand(i) > d.capacity(i)) return false;
    }
    return true;
  }

  private boolean connected(Driver d, Job j) {
    int s = matrix.indexOf(d.start());
    List<Stop> stops = j.isPair() ? List.of(j.pickup(), j.stop()) : List.of(j.stop());
    int prev = s;
    for (Stop st : stops) {
      int i = matrix.indexOf(st.location());
      if (!matrix.reachable(prev, i)) return false;
      prev = i;
    }
    return !d.returnsToEnd() || matrix.reachable(prev, matrix.indexOf(d.end()));
  }
}
