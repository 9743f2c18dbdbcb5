package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * One stop of a driver's live route: a job's own stop (its delivery, for a pickup-and-delivery
 * job), or with {@code pickup} the place its goods are collected first.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StopKey(String jobId, boolean pickup) {

  public StopKey {
    Objects.requireNonNull(jobId, "jobId");
  }

  public static StopKey at(String jobId) {
    return new StopKey(jobId, false);
  }

  public static StopKey pickupOf(String jobId) {
    return new StopKey(jobId, true);
  }
}
