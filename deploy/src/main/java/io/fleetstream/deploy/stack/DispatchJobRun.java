package io.fleetstream.deploy.stack;

import java.time.Duration;

/** The stack's dispatch job, wherever it runs: in this JVM's MiniCluster or on a Flink cluster. */
interface DispatchJobRun {

  String jobId();

  /** What the job resumed from, or null for a first start. */
  String restoredFrom();

  /** Stops with a savepoint for the next start (cancels if that fails). */
  void stop(Duration timeout);
}
