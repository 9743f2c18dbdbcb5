package io.fleetstream.jobs.optimize;

import static io.fleetstream.jobs.optimize.ProblemMapper.location;
import static io.fleetstream.jobs.optimize.ProblemMapper.seconds;

import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.Vehicle;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A driver of an optimization request on the routing engine's clock: start and end, shift, stops,
 * capacity, breaks and costs, with a run's vehicle overrides applied.
 */
public final class DriverMapper {

  private DriverMapper() {}

  /**
   * The driver with the run's vehicle override (by driver id, else by vehicle type), its fields
   * over the vehicle's own.
   */
  static DriverData overridden(DriverData driver, OptimizeOptions options) {
    Vehicle own = driver.vehicle();
    Vehicle over = options.vehicleOverrides().get(driver.driverId());
    if (over == null && own != null && own.type() != null) {
      over = options.vehicleOverrides().get(own.type());
    }
    if (over == null) {
      return driver;
    }
    Vehicle base = own != null ? own : new Vehicle(null, null, null, null, null);
    Vehicle merged =
        new Vehicle(
            over.type() != null ? over.type() : base.type(),
            over.capacity() != null ? over.capacity() : base.capacity(),
            over.costPerKm() != null ? over.costPerKm() : base.costPerKm(),
            over.costPerHour() != null ? over.costPerHour() : base.costPerHour(),
            over.fixedCost() != null ? over.fixedCost() : base.fixedCost());
    return driver.withVehicle(merged, driver.breaks());
  }

  static Driver driver(
      DriverData driver,
      OptimizeOptions options,
      Instant origin,
      boolean live,
      LoadDimensions loads) {
    Driver.Builder b =
        Driver.builder(driver.driverId())
            .start(location(driver.startLocation()))
            .skills(driver.skills());
    if (driver.endLocation() != null) {
      b.end(location(driver.endLocation()));
    } else {
      b.openEnd(); // the OwnRoute contract's drivers have a start only: the route ends at its
      // last stop
    }
    OffsetDateTime start =
        options.shiftStart() != null
            ? options.shiftStart()
            : driver.shift() != null ? driver.shift().start() : null;
    OffsetDateTime end =
        options.shiftEnd() != null
            ? options.shiftEnd()
            : driver.shift() != null ? driver.shift().end() : null;
    if (start != null || end != null) {
      double from = start == null ? 0 : Math.max(0, seconds(origin, start));
      double to = end == null ? TimeWindow.ALWAYS.end() : Math.max(from, seconds(origin, end));
      b.shift(from, to);
    }
    int maxStops =
        options.maxStopsPerDriver() != null ? options.maxStopsPerDriver() : Driver.UNLIMITED_STOPS;
    if (live) {
      // A live route holds the driver's open jobs, which max_concurrent_jobs bounds: a re-plan must
      // too.
      maxStops = Math.min(maxStops, driver.maxConcurrentJobsOrDefault());
    }
    if (maxStops != Driver.UNLIMITED_STOPS) {
      b.maxStops(maxStops);
    }
    if (!loads.isEmpty()) {
      b.capacity(loads.capacity(driver.vehicle()));
    }
    breaks(b, driver.breaks(), origin);
    Vehicle v = driver.vehicle();
    if (v != null) {
      // What the vehicle costs: only min_cost reads it (per km, per hour on the route, per day
      // used)
      b.costs(
          v.fixedCost() == null ? 0 : v.fixedCost(),
          v.costPerKm() == null ? 0 : v.costPerKm(),
          v.costPerHour() == null ? 0 : v.costPerHour());
    }
    return b.build();
  }

  /**
   * The driver's breaks on the engine's clock. A break whose window is over before {@code origin}
   * is left out: live, it was taken (or is no longer the planner's to fit in); a run starts at the
   * earliest moment it mentions, so it drops none of the day's.
   */
  public static void breaks(
      Driver.Builder b, List<io.fleetstream.schemas.events.DriverBreak> breaks, Instant origin) {
    for (io.fleetstream.schemas.events.DriverBreak br : breaks) {
      double end = seconds(origin, br.window().end());
      if (end >= 0) {
        b.breakAt(
            TimeWindow.of(Math.max(0, seconds(origin, br.window().start())), end),
            br.minutes() * 60);
      }
    }
  }
}
