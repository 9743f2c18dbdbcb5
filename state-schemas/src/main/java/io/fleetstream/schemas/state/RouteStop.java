package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fleetstream.schemas.events.GeoPoint;
import java.time.Instant;

/**
 * One open stop on a driver's route, as the tracker needs it for ETAs.
 *
 * @param windowEnd the end of the job's last time window, or null without one
 * @param started the driver is on it already
 * @param pickup the stop collects a pickup-and-delivery job's goods (its ETA is not the job's;
 *     added in state version 2, absent before and on every other stop)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RouteStop(
    String jobId,
    GeoPoint location,
    double serviceMinutes,
    Instant windowEnd,
    boolean started,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean pickup) {

  public RouteStop(
      String jobId, GeoPoint location, double serviceMinutes, Instant windowEnd, boolean started) {
    this(jobId, location, serviceMinutes, windowEnd, started, false);
  }
}
