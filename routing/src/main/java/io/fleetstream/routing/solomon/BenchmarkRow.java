package io.fleetstream.routing.solomon;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One instance of a benchmark run: its family and whether the solver was tuned on it, the
 * best-known solution, our result with the heap it peaked at (the sum of the heap pools' peaks
 * during our solve, an upper bound), and optionally a peer's result on the same instance.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "instance",
  "family",
  "held_out",
  "bks_vehicles",
  "bks_distance",
  "ours",
  "heap_peak_mib",
  "peer"
})
public record BenchmarkRow(
    String instance,
    String family,
    @JsonProperty("held_out") boolean heldOut,
    @JsonProperty("bks_vehicles") Integer bksVehicles,
    @JsonProperty("bks_distance") Double bksDistance,
    Result ours,
    @JsonProperty("heap_peak_mib") long heapPeakMib,
    Result peer) {

  /**
   * One solver's result. {@code distance} is the independent checker's measure of the plan, and
   * {@code gap_percent} ({@code distance / bks_distance - 1}) is given only for a complete plan —
   * feasible with nobody unassigned — since a gap of a plan that leaves work out means nothing.
   * {@code cpu_ms} is the process CPU time the solve used (all its threads, GC and JIT included),
   * the figure that makes solvers with different thread counts comparable.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "solver",
    "vehicles",
    "distance",
    "gap_percent",
    "unassigned",
    "feasible",
    "elapsed_ms",
    "cpu_ms",
    "stopped_by",
    "error"
  })
  public record Result(
      String solver,
      int vehicles,
      double distance,
      @JsonProperty("gap_percent") Double gapPercent,
      int unassigned,
      boolean feasible,
      @JsonProperty("elapsed_ms") long elapsedMs,
      @JsonProperty("cpu_ms") long cpuMs,
      @JsonProperty("stopped_by") String stoppedBy,
      String error) {

    /** Feasible and nothing left out: the only plans a gap is reported for. */
    @JsonIgnore
    public boolean complete() {
      return error == null && feasible && unassigned == 0;
    }

    /** A solver that failed on the instance (no plan). */
    public static Result failed(String solver, int jobs, String error) {
      return new Result(solver, 0, 0, null, jobs, false, 0, 0, null, error);
    }
  }
}
