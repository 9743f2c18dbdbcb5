package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A change of the learned service duration of a job type (for one driver, or for all when {@code
 * driverId} is absent). With the version, decisions that used it can be replayed.
 *
 * @param lowMinutes the 10th percentile of the samples behind it (absent in records written before
 *     the band was kept)
 * @param highMinutes the 90th percentile
 * @param declaredRatio the robust median of actual / declared duration over the samples whose job
 *     declared one (absent until three did, and in records written before it was kept): a job that
 *     declares its duration is predicted as that times this
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DurationModelData(
    String jobType,
    String driverId,
    double predictedMinutes,
    int samples,
    long version,
    Instant updatedAt,
    Double lowMinutes,
    Double highMinutes,
    Double declaredRatio)
    implements EventData {}
