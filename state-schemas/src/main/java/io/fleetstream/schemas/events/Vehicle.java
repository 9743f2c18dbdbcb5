package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The vehicle a driver drives (added in driver events version 2).
 *
 * @param type e.g. {@code cargo_van}, {@code box_truck}: what per-type settings are keyed by
 * @param capacity what it carries at once, in the units of jobs' demand; absent: no limit
 * @param costPerKm running cost per kilometre driven
 * @param costPerHour the driver's cost per hour on the route
 * @param fixedCost the cost of using the vehicle at all on a day
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Vehicle(
    String type, Load capacity, Double costPerKm, Double costPerHour, Double fixedCost) {}
