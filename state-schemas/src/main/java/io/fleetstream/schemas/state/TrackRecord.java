package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How a driver has kept time: of the jobs they finished that had a time window (and every job they
 * failed), how many were done by the window's end. The planner scores a driver's {@link
 * #performance()} from it instead of one constant for everybody.
 *
 * @param counted windowed completions plus failures
 * @param onTime windowed completions by the window's end
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrackRecord(int counted, int onTime) {

  /** What a driver without history is rated: neither a bonus nor a penalty among peers. */
  public static final double PRIOR = 0.8;

  /**
   * How many jobs' worth the prior weighs: a driver's first late job moves the rating a little,
   * twenty jobs mostly speak for themselves.
   */
  static final int PRIOR_WEIGHT = 5;

  public static final TrackRecord NONE = new TrackRecord(0, 0);

  /** The on-time rate shrunk toward {@link #PRIOR} while there is little history, in [0, 1]. */
  @JsonIgnore
  public double performance() {
    return (onTime + PRIOR * PRIOR_WEIGHT) / (counted + PRIOR_WEIGHT);
  }

  public TrackRecord done(boolean inTime) {
    return new TrackRecord(counted + 1, onTime + (inTime ? 1 : 0));
  }
}
