package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Where and when a pickup-and-delivery job's goods are collected; the job's own location is where
 * they are delivered, by the same driver, after the pickup (added in job events version 2).
 *
 * @param serviceMinutes time spent loading; absent means none
 * @param timeWindows when loading may start (any one of them); absent means any time
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Pickup(
    GeoPoint location,
    Double serviceMinutes,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TimeWindow> timeWindows) {

  public Pickup {
    timeWindows = timeWindows == null ? List.of() : List.copyOf(timeWindows);
  }

  public double serviceMinutesOrZero() {
    return serviceMinutes == null ? 0 : serviceMinutes;
  }
}
