package io.fleetstream.routing.solver;

import io.fleetstream.routing.model.Plan;

/**
 * A plan with how it was found: its objective cost, the iterations run (summed over workers), the
 * wall time, what stopped the search, whether the warm-start plan given in was kept because the
 * search found nothing better, and that warm-start plan's own cost under the same objective (null
 * without a warm start), so a caller can judge the improvement.
 */
public record SolveResult(
    Plan plan,
    double cost,
    long iterations,
    long elapsedMillis,
    StopCriterion stoppedBy,
    boolean warmStartKept,
    Double warmStartCost) {

  public SolveResult(
      Plan plan,
      double cost,
      long iterations,
      long elapsedMillis,
      StopCriterion stoppedBy,
      boolean warmStartKept) {
    this(plan, cost, iterations, elapsedMillis, stoppedBy, warmStartKept, null);
  }
}
