package io.fleetstream.routing.solver.internal;

import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.ReasonCode;
import io.fleetstream.routing.model.StopRef;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Tries every position of a job in a driver's route (after its locked prefix) by simulation: finds
 * the cheapest feasible one, or counts which rules block them. Used for diagnosis of unassigned
 * jobs, for a final greedy repair, and by the assignment scorer.
 */
public final class InsertionSearch {

  /** Above this many stops a pair's dropoff is only tried within this many stops of its pickup. */
  private static final int PAIR_WINDOW = 40;

  private final RouteSimulator simulator;

  public InsertionSearch(RouteSimulator simulator) {
    this.simulator = simulator;
  }

  /** Where a job fits best: the new sequence, its cost increase, and the positions used. */
  public record Insertion(
      String driverId,
      List<StopRef> sequence,
      double deltaCost,
      int position,
      int dropoffPosition,
      RouteSimulator.Simulation simulation) {}

  /**
   * The result of trying all positions: the best insertion (or null) and blocked-position counts.
   */
  public record Attempt(Insertion best, Map<ReasonCode, Integer> failures) {

    /** The rule that blocked most positions, or null when nothing was tried. */
    public ReasonCode dominantFailure() {
      ReasonCode best = null;
      int n = 0;
      for (Map.Entry<ReasonCode, Integer> e : failures.entrySet()) {
        if (e.getValue() > n) {
          best = e.getKey();
          n = e.getValue();
        }
      }
      return best;
    }
  }

  /**
   * @param route the driver's current stop sequence (starting with its locked prefix)
   * @param lockedPrefix how many leading stops are locked
   * @param routeCost the cost of a simulated route (the objective's route term)
   */
  public Attempt tryInsert(
      Job job,
      Driver driver,
      List<StopRef> route,
      int lockedPrefix,
      ToDoubleFunction<RouteSimulator.Simulation> routeCost) {
    RouteSimulator.Simulation before = simulator.run(driver, route);
    double baseCost = route.isEmpty() ? 0 : routeCost.applyAsDouble(before);
    Map<ReasonCode, Integer> failures = new EnumMap<>(ReasonCode.class);
    Insertion best = null;
    int n = route.size();
    for (int p = lockedPrefix; p <= n; p++) {
      if (!job.isPair()) {
        List<StopRef> seq = new ArrayList<>(route);
        seq.add(p, StopRef.service(job.id()));
        best = consider(job, driver, seq, p, -1, baseCost, routeCost, failures, best);
      } else {
        int last = Math.min(n, p + PAIR_WINDOW);
        for (int q = p; q <= last; q++) {
          List<StopRef> seq = new ArrayList<>(route);
          seq.add(q, StopRef.dropoff(job.id()));
          seq.add(p, StopRef.pickup(job.id()));
          best = consider(job, driver, seq, p, q + 1, baseCost, routeCost, failures, best);
        }
      }
    }
    return new Attempt(best, failures);
  }

  private Insertion consider(
      Job job,
      Driver driver,
      List<StopRef> seq,
      int p,
      int q,
      double baseCost,
      ToDoubleFunction<RouteSimulator.Simulation> routeCost,
      Map<ReasonCode, Integer> failures,
      Insertion best) {
    RouteSimulator.Simulation sim = simulator.run(driver, seq);
    if (!sim.feasible()) {
      failures.merge(sim.failure(), 1, Integer::sum);
      return best;
    }
    double delta = routeCost.applyAsDouble(sim) - baseCost;
    if (best == null || delta < best.deltaCost() - 1e-9) {
      return new Insertion(driver.id(), seq, delta, p, q, sim);
    }
    return best;
  }
}
