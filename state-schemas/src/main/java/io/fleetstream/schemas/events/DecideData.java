package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A dispatcher asks the zone to decide a job now: score every candidate and give the job to the
 * best one, or with {@code dryRun} only say what it would do (the decision log gets an {@code
 * audit.decision} with outcome {@code proposed}; nothing changes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DecideData(String jobId, Boolean dryRun, String reason) implements EventData {
  public boolean dry() {
    return Boolean.TRUE.equals(dryRun);
  }
}
