package io.fleetstream.routing.model;

import java.util.List;
import java.util.Objects;

/**
 * A place a driver must visit: where, how long the work takes there, and when service may start. An
 * empty window list means any time.
 */
public record Stop(Location location, double serviceSeconds, List<TimeWindow> timeWindows) {

  public Stop {
    Objects.requireNonNull(location, "location");
    if (!(serviceSeconds >= 0)) {
      throw new IllegalArgumentException("service time must be >= 0: " + serviceSeconds);
    }
    timeWindows = List.copyOf(timeWindows == null ? List.of() : timeWindows);
    for (int i = 1; i < timeWindows.size(); i++) {
      // jsprit and the feasibility checker both pick the first window that is still open,
      // which is only the earliest feasible one when windows are sorted.
      if (timeWindows.get(i).start() < timeWindows.get(i - 1).start()) {
        throw new IllegalArgumentException("time windows must be sorted by start");
      }
    }
  }

  public static Stop at(Location location, double serviceSeconds, TimeWindow... windows) {
    return new Stop(location, serviceSeconds, List.of(windows));
  }

  /** The windows to check against; {@link TimeWindow#ALWAYS} when none were given. */
  public List<TimeWindow> effectiveWindows() {
    return timeWindows.isEmpty() ? List.of(TimeWindow.ALWAYS) : timeWindows;
  }
}
