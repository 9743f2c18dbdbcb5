package io.fleetstream.routing.scoring;

import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.StopRef;
import java.util.List;
import java.util.Objects;

/**
 * A driver who might take the job: the driver, the current route (the first {@code lockedStops} of
 * which are in progress or pinned and stay first), and a performance rating in [0, 1] (on-time
 * rate, customer rating, whatever the caller tracks).
 */
public record Candidate(Driver driver, List<StopRef> route, int lockedStops, double performance) {

  public Candidate {
    Objects.requireNonNull(driver, "driver");
    route = List.copyOf(route == null ? List.of() : route);
    if (lockedStops < 0 || lockedStops > route.size())
      throw new IllegalArgumentException("lockedStops out of range");
    if (!(performance >= 0 && performance <= 1))
      throw new IllegalArgumentException("performance must be in [0, 1]");
  }

  /** A driver with an empty route and a neutral rating. */
  public static Candidate idle(Driver driver) {
    return new Candidate(driver, List.of(), 0, 0.8);
  }
}
