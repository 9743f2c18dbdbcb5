package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;

/**
 * One stop of a planned route: when the driver arrives and leaves.
 *
 * @param kind {@code pickup} or {@code dropoff} for the two stops of a pickup-and-delivery job;
 *     absent for a job's only stop
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanStop(
    String jobId, OffsetDateTime arrival, OffsetDateTime departure, double durationS, String kind) {

  public static final String PICKUP = "pickup";
  public static final String DROPOFF = "dropoff";

  /** A job's only stop. */
  public PlanStop(
      String jobId, OffsetDateTime arrival, OffsetDateTime departure, double durationS) {
    this(jobId, arrival, departure, durationS, null);
  }

  /** True for the first stop of a pair: the job is done at its dropoff, not here. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isPickup() {
    return PICKUP.equals(kind);
  }
}
