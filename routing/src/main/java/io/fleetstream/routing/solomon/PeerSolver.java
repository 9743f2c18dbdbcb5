package io.fleetstream.routing.solomon;

import java.time.Duration;

/** Another optimizer run side by side in the benchmark under the same time limit. */
public interface PeerSolver {

  /** Short name for tables ({@code or-tools}). */
  String name();

  SolomonSolution solve(BenchmarkInstance instance, Duration timeLimit);
}
