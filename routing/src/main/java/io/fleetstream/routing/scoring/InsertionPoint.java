package io.fleetstream.routing.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The cheapest feasible place for the job in the driver's route: the index the job's stop (or
 * pickup) takes, the dropoff index for pairs (-1 otherwise), the arrival there, and what the
 * insertion adds to the route in seconds and metres.
 */
@JsonPropertyOrder({"position", "dropoff_position", "arrival", "added_seconds", "added_metres"})
public record InsertionPoint(
    int position,
    @JsonProperty("dropoff_position") int dropoffPosition,
    double arrival,
    @JsonProperty("added_seconds") double addedSeconds,
    @JsonProperty("added_metres") double addedMetres) {}
