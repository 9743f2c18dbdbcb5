package io.fleetstream.routing.solver;

import io.fleetstream.routing.model.Plan;

/**
 * A plan with how it was found: its objective cost, the iterations run (summed over workers), the
 * wall time, what stopped the search, and whether the warm-start plan given in was kept because the
 * search found nothing better.
 */
public record SolveResult(Plan plan, double cost, long iterations, long elapsedMillis, StopCriterion stoppedBy,
                          boolean warmStartKept) {
}
