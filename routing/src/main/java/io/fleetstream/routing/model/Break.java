package io.fleetstream.routing.model;

import java.util.Objects;

/**
 * A driver's break: it must start inside {@code window} (inclusive, seconds on the plan's clock)
 * and lasts {@code durationSeconds}. The driver takes it wherever they are on the route: between
 * stops (after one stop's service, before or while driving on, or while waiting for the next stop's
 * window), never during a service.
 *
 * <p>A break is due when its window starts no later than the end of the driver's route (counting
 * the breaks taken before it): a break that opens after the driver is done need not be taken, a
 * break that opens during the route must be. A driver without stops has no route and takes no
 * break.
 */
public record Break(TimeWindow window, double durationSeconds) {

  public Break {
    Objects.requireNonNull(window, "window");
    if (!(durationSeconds > 0) || Double.isInfinite(durationSeconds)) {
      throw new IllegalArgumentException(
          "break duration must be a positive number of seconds: " + durationSeconds);
    }
  }
}
