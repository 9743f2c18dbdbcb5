package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The planner's bookkeeping of one zone's plan.
 *
 * @param version increases with every change of the zone's jobs, drivers or assignments; a
 *     re-optimized plan applies only to the version it was computed from
 * @param changes changes since the last re-optimization was requested
 * @param timerAt the pending re-optimization timer, if any
 * @param requestedAt when the last re-optimization was requested (processing time, ms); absent in
 *     state written before it was tracked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ZonePlanMeta(long version, int changes, Long timerAt, Long requestedAt) {

  public ZonePlanMeta(long version, int changes, Long timerAt) {
    this(version, changes, timerAt, null);
  }

  public static ZonePlanMeta initial() {
    return new ZonePlanMeta(0, 0, null, null);
  }

  public ZonePlanMeta changed() {
    return new ZonePlanMeta(version + 1, changes + 1, timerAt, requestedAt);
  }

  /** A re-optimization was requested at {@code now}: nothing is waiting any more. */
  public ZonePlanMeta requested(long now) {
    return new ZonePlanMeta(version, 0, null, now);
  }

  public ZonePlanMeta withTimer(Long at) {
    return new ZonePlanMeta(version, changes, at, requestedAt);
  }
}
