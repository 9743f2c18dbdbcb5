package io.fleetstream.routing.model;

/**
 * An interval of time, in seconds on the plan's clock (any epoch the caller chooses, the same for
 * every job and driver of a problem). For a stop it bounds the start of service, not its end.
 */
public record TimeWindow(double start, double end) {

  /** A window that never constrains. */
  public static final TimeWindow ALWAYS = new TimeWindow(0, Double.MAX_VALUE);

  public TimeWindow {
    if (Double.isNaN(start) || Double.isNaN(end) || end < start) {
      throw new IllegalArgumentException(
          "time window must have start <= end: [" + start + ", " + end + "]");
    }
  }

  public static TimeWindow of(double start, double end) {
    return new TimeWindow(start, end);
  }

  public boolean contains(double t) {
    return t >= start && t <= end;
  }
}
