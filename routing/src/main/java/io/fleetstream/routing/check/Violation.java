package io.fleetstream.routing.check;

/** One broken rule in a plan: which rule, on whose route, for which job, and what exactly. */
public record Violation(Kind kind, String driverId, String jobId, String message) {

  /** The rules the checker knows. */
  public enum Kind {
    UNKNOWN_DRIVER,
    UNKNOWN_JOB,
    DUPLICATE_ROUTE,
    DUPLICATE_STOP,
    WRONG_STOP_TYPE,
    JOB_MISSING,
    ASSIGNED_AND_UNASSIGNED,
    PAIR_SPLIT,
    PAIR_ORDER,
    WRONG_LOCATION,
    UNREACHABLE,
    SCHEDULE,
    TIME_WINDOW,
    SHIFT,
    CAPACITY,
    SKILL,
    MAX_STOPS,
    LOCK,
    DISTANCE,
    /** A break that was due is not taken, or is taken outside its window. */
    BREAK_MISSED,
    /**
     * A break overlaps a service, another break or the time before the route starts, or leaves too
     * little time to drive to the next stop or the end.
     */
    BREAK_OVERLAP
  }

  @Override
  public String toString() {
    return kind
        + (driverId == null ? "" : " driver=" + driverId)
        + (jobId == null ? "" : " job=" + jobId)
        + ": "
        + message;
  }
}
