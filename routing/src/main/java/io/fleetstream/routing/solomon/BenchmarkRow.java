package io.fleetstream.routing.solomon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One instance of a benchmark run: our result, the best-known solution, the gap in percent ({@code
 * distance / bks_distance - 1}), the wall time, whether the independent checker accepted the plan,
 * and optionally a peer's result on the same instance.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "instance",
  "vehicles",
  "distance",
  "bks_vehicles",
  "bks_distance",
  "gap_percent",
  "elapsed_ms",
  "unassigned",
  "feasible",
  "stopped_by",
  "peer"
})
public record BenchmarkRow(
    String instance,
    int vehicles,
    double distance,
    @JsonProperty("bks_vehicles") Integer bksVehicles,
    @JsonProperty("bks_distance") Double bksDistance,
    @JsonProperty("gap_percent") Double gapPercent,
    @JsonProperty("elapsed_ms") long elapsedMs,
    int unassigned,
    boolean feasible,
    @JsonProperty("stopped_by") String stoppedBy,
    PeerRow peer) {

  /** A peer optimizer's result on the same instance. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PeerRow(
      String solver,
      int vehicles,
      double distance,
      @JsonProperty("gap_percent") Double gapPercent,
      @JsonProperty("elapsed_ms") long elapsedMs,
      int unassigned,
      boolean feasible,
      String error) {}

  /** True when the vehicle count equals the best-known one. */
  public boolean matchesBksVehicles() {
    return bksVehicles != null && bksVehicles == vehicles;
  }
}
