package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Where a driver is and whether they are reachable, as the tracker sees it.
 *
 * @param status {@code online}, or {@code offline} after a silence longer than the configured limit
 * @param speedMps reported by the device, or derived from the last two positions
 * @param latePings pings that arrived after a newer one and were counted but not applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DriverStateData(
    String driverId,
    String status,
    double lat,
    double lng,
    Double speedMps,
    Double headingDeg,
    Instant lastPingAt,
    long latePings,
    String nextJobId,
    Instant updatedAt)
    implements EventData {}
