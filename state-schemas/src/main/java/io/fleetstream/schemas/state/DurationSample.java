package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** One observed service duration: from {@code job.started} to {@code job.completed}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DurationSample(
    String tenant,
    String jobType,
    String driverId,
    double minutes,
    double declaredMinutes,
    Instant completedAt) {

  public String key() {
    return tenant + "/" + jobType;
  }
}
