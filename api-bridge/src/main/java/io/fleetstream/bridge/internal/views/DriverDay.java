package io.fleetstream.bridge.internal.views;

/**
 * One driver's finished jobs on one UTC day, as the field reported them (completions and failures
 * attributed to the driver who had the job).
 *
 * @param withWindow completed jobs that had a time window (the base of the on-time rate)
 * @param onTime of those, completed by the window's end
 * @param latenessSumS over those, the seconds past the window's end (0 for the on-time ones)
 * @param busyS time from start to completion, for completed jobs that reported a start
 */
public record DriverDay(
    String day,
    int completed,
    int failed,
    int withWindow,
    int onTime,
    double latenessSumS,
    double busyS) {

  static DriverDay empty(String day) {
    return new DriverDay(day, 0, 0, 0, 0, 0, 0);
  }

  DriverDay plusFailed() {
    return new DriverDay(day, completed, failed + 1, withWindow, onTime, latenessSumS, busyS);
  }

  /**
   * @param latenessS seconds past the window's end (0 or less: on time), null without a window
   * @param busy seconds from start to completion, null without a reported start
   */
  DriverDay plusCompleted(Double latenessS, Double busy) {
    boolean windowed = latenessS != null;
    return new DriverDay(
        day,
        completed + 1,
        failed,
        withWindow + (windowed ? 1 : 0),
        onTime + (windowed && latenessS <= 0 ? 1 : 0),
        latenessSumS + (windowed ? Math.max(0, latenessS) : 0),
        busyS + (busy == null ? 0 : Math.max(0, busy)));
  }
}
