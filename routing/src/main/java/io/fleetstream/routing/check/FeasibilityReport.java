package io.fleetstream.routing.check;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The checker's verdict: feasible when there is no violation. {@code distance} is the total the
 * checker measured itself along every route (start, stops, end) with its own matrix, so a benchmark
 * can report a figure that does not come from the solver it judges.
 */
public record FeasibilityReport(List<Violation> violations, double distance) {

  public FeasibilityReport {
    violations = List.copyOf(violations);
  }

  public boolean feasible() {
    return violations.isEmpty();
  }

  public boolean has(Violation.Kind kind) {
    return violations.stream().anyMatch(v -> v.kind() == kind);
  }

  @Override
  public String toString() {
    return feasible()
        ? "feasible"
        : violations.stream()
            .map(Violation::toString)
            .collect(Collectors.joining("\n  ", "infeasible:\n  ", ""));
  }
}
