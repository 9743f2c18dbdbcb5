package io.fleetstream.routing.solomon;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The {@code solve --solomon FILE --json} contract: instance name, vehicles used, total Euclidean
 * distance (unrounded), number of unassigned customers, wall time, and each route as the customer
 * numbers in visiting order. {@code iterations} and {@code stopped_by} tell whether the run is
 * reproducible (stopped by its iteration budget) or was cut by the clock.
 */
@JsonPropertyOrder({
  "instance",
  "vehicles",
  "distance",
  "unassigned",
  "elapsed_ms",
  "routes",
  "iterations",
  "stopped_by"
})
public record SolomonSolution(
    String instance,
    int vehicles,
    double distance,
    int unassigned,
    @JsonProperty("elapsed_ms") long elapsedMs,
    List<List<Integer>> routes,
    long iterations,
    @JsonProperty("stopped_by") String stoppedBy) {}
