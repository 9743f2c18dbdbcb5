package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * When a driver is expected at one of their stops, as of their latest position.
 *
 * @param stopIndex 0 for the next stop, 1 for the one after …
 * @param predictedFinish arrival plus the expected service time
 * @param windowEnd the end of the job's time window, when it has one
 * @param basedOnPingAt device time of the position this estimate starts from
 * @param metric how travel was estimated: {@code road} or {@code haversine}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EtaData(
    String jobId,
    String driverId,
    int stopIndex,
    Instant eta,
    Instant predictedFinish,
    Instant windowEnd,
    double distanceRemainingM,
    String metric,
    Instant basedOnPingAt,
    Instant computedAt)
    implements EventData {}
