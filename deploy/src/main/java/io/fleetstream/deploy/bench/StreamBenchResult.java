package io.fleetstream.deploy.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One run of the stream benchmark.
 *
 * @param rate telemetry events/s asked for
 * @param achievedRate telemetry events/s that came out of the job, over the run
 * @param p50Ms median telemetry produced → driver-state output committed (read_committed)
 * @param assignmentP50Ms median job produced → first decision committed
 * @param lost inputs (pings and jobs) without their output
 * @param duplicated outputs seen more than once
 * @param generatorLagP99Ms how far behind its schedule the load generator sent (p99); latencies are
 *     measured from the scheduled time, so they include it
 * @param toolCores the cores the benchmark's own load generator and output reader threads used over
 *     the run (part of {@code machine.jvmCores}): CPU the job did not get
 * @param machine what the phase cost the machine, and its load before the run
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({
  "rate",
  "achieved_rate",
  "p50_ms",
  "p99_ms",
  "assignment_p50_ms",
  "assignment_p99_ms",
  "lost",
  "duplicated"
})
public record StreamBenchResult(
    int rate,
    double achievedRate,
    double p50Ms,
    double p99Ms,
    double assignmentP50Ms,
    double assignmentP99Ms,
    long lost,
    long duplicated,
    long pingsSent,
    long jobsSent,
    int drivers,
    int openJobs,
    double durationS,
    double generatorLagP99Ms,
    double generatorLagMaxMs,
    double toolCores,
    MachineUse machine) {

  /** Nothing lost and nothing twice: the only runs whose latencies mean anything. */
  public boolean exact() {
    return lost == 0 && duplicated == 0;
  }
}
