package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;

/**
 * How an optimization run should solve; absent fields take account, then system defaults.
 *
 * @param objective {@code min_duration}, {@code min_distance} or {@code balanced}
 * @param seed fixes the search: the same input and seed give the same plan
 * @param timeLimitS the solver's time budget in seconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OptimizeOptions(
    OffsetDateTime shiftStart,
    OffsetDateTime shiftEnd,
    Integer maxStopsPerDriver,
    String objective,
    Long seed,
    Double timeLimitS) {}
