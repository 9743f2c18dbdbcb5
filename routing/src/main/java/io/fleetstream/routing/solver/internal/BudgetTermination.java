package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.algorithm.SearchStrategy;
import com.graphhopper.jsprit.core.algorithm.termination.PrematureAlgorithmTermination;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends a search phase at a wall-clock deadline. The iteration budget itself is jsprit's max
 * iterations; this only guards slow or loaded machines and records (in a flag shared by all
 * workers) that the clock, not the budget, ended some search, so the result is not reproducible.
 */
final class BudgetTermination implements PrematureAlgorithmTermination {

  private final long deadlineNanos;
  private final AtomicBoolean fired;
  private long iterations;

  BudgetTermination(long deadlineNanos, AtomicBoolean fired) {
    this.deadlineNanos = deadlineNanos;
    this.fired = fired;
  }

  @Override
  public boolean isPrematureBreak(SearchStrategy.DiscoveredSolution discoveredSolution) {
    iterations++;
    if (System.nanoTime() - deadlineNanos >= 0) {
      fired.set(true);
      return true;
    }
    return false;
  }

  long iterations() {
    return iterations;
  }
}
