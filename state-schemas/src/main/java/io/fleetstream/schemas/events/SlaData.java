package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A change in a job's risk of missing its time window.
 *
 * @param predictedLatenessS how late the job is expected to finish (negative: how early); for a
 *     breach, how late it is already
 * @param cause why: {@code eta} (the driver's ETA moved), {@code unassigned} (no driver has it),
 *     {@code window_passed} (the window ended with the job not done)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SlaData(
    String jobId,
    String driverId,
    Instant windowEnd,
    Instant predictedFinish,
    double predictedLatenessS,
    String cause,
    double marginS,
    Instant detectedAt)
    implements EventData {}
