package io.fleetstream.schemas.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A job a plan could not place, with a reason code such as {@code TIME_WINDOW} or {@code SKILL}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UnassignedJob(String jobId, String reason) {}
