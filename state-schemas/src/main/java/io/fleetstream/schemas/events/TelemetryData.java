package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One GPS ping of a driver's device; {@code recordedAt} is device time, the event-time of the
 * stream.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TelemetryData(
    String driverId,
    double lat,
    double lng,
    Double speedMps,
    Double headingDeg,
    Double accuracyM,
    Instant recordedAt)
    implements EventData {}
