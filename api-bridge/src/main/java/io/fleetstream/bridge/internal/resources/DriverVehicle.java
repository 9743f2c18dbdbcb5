package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.schemas.events.DriverBreak;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.events.Vehicle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A driver's vehicle and breaks on the REST API: checked and named as the API names them, merged
 * into the driver (an update keeps what it does not name), and shown. The driver is then written as
 * a version-2 event.
 */
final class DriverVehicle {

  private DriverVehicle() {}

  static void check(DriverResource.DriverRequest r) {
    if (r.vehicle() != null) {
      vehicle(r.vehicle(), "vehicle");
    }
    if (r.breaks() == null) {
      return;
    }
    if (r.breaks().size() > 8) {
      throw ApiException.invalid("breaks", "at most 8 breaks");
    }
    for (int i = 0; i < r.breaks().size(); i++) {
      DriverResource.BreakRequest b = r.breaks().get(i);
      String at = "breaks[" + i + "]";
      if (b == null) {
        throw ApiException.invalid(at, "a break is an object");
      }
      Checks.required(b.windowStart(), at + ".window_start");
      Checks.required(b.windowEnd(), at + ".window_end");
      Checks.window(b.windowStart(), b.windowEnd(), at + ".window_start", at + ".window_end");
      Checks.required(b.minutes(), at + ".minutes");
      if (!(b.minutes() > 0) || b.minutes() > 720) {
        throw ApiException.invalid(
            at + ".minutes", "'" + at + ".minutes' must be more than 0 and at most 720");
      }
    }
  }

  /** A vehicle's fields in range, each named as {@code at.field}. */
  static void vehicle(Vehicle v, String at) {
    Checks.code(v.type(), at + ".type");
    JobGoods.load(v.capacity(), at + ".capacity");
    Checks.range(v.costPerKm(), 0, 10_000, at + ".cost_per_km");
    Checks.range(v.costPerHour(), 0, 100_000, at + ".cost_per_hour");
    Checks.range(v.fixedCost(), 0, 10_000_000, at + ".fixed_cost");
  }

  /** {@code driver} with the request's vehicle and breaks, else those of {@code base}. */
  static DriverData apply(DriverData driver, DriverResource.DriverRequest r, DriverData base) {
    List<DriverBreak> breaks;
    if (r.breaks() != null) {
      breaks = new ArrayList<>();
      for (DriverResource.BreakRequest b : r.breaks()) {
        breaks.add(new DriverBreak(new TimeWindow(b.windowStart(), b.windowEnd()), b.minutes()));
      }
    } else {
      breaks = base == null ? null : base.breaks();
    }
    Vehicle vehicle = r.vehicle() != null ? r.vehicle() : base == null ? null : base.vehicle();
    return driver.withVehicle(vehicle, breaks);
  }

  static void render(DriverData d, Map<String, Object> m) {
    m.put("vehicle", d.vehicle());
    List<Map<String, Object>> breaks = new ArrayList<>();
    for (DriverBreak b : d.breaks()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("window_start", b.window().start());
      one.put("window_end", b.window().end());
      one.put("minutes", b.minutes());
      breaks.add(one);
    }
    m.put("breaks", breaks);
  }
}
