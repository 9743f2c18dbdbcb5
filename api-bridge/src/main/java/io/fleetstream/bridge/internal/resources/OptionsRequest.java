package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.Vehicle;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code options} of an optimize request (and of the account's optimize defaults), checked field by
 * field and turned into the contract's form, and how defaults, an account's and a request's options
 * combine.
 */
public record OptionsRequest(
    OffsetDateTime shiftStart,
    OffsetDateTime shiftEnd,
    Integer maxStopsPerDriver,
    String objective,
    Long seed,
    Double timeLimitS,
    Double timeoutS,
    Map<String, Integer> tagPriorities,
    Map<String, List<String>> lockedStops,
    Map<String, Vehicle> vehicleOverrides) {

  static final OptimizeOptions SYSTEM_DEFAULTS =
      new OptimizeOptions(null, null, null, "min_duration", null, null);
  private static final Set<String> OBJECTIVES =
      Set.of(
          "min_duration",
          "min_distance",
          "balanced",
          "min_vehicles",
          "min_max",
          "min_max_distance",
          "avoid_tour_overlap",
          "min_vehicles_avoid_tour_overlap",
          "min_cost");

  /** Checks optimize options and turns them into the contract's form. */
  static OptimizeOptions check(OptionsRequest o, String prefix) {
    if (o.objective() != null && !OBJECTIVES.contains(o.objective())) {
      throw ApiException.invalid(
          prefix + ".objective", "objective must be one of " + new TreeSet<>(OBJECTIVES));
    }
    Checks.range(o.maxStopsPerDriver(), 1, 1000, prefix + ".max_stops_per_driver");
    Checks.range(o.seed(), 0, 4294967295L, prefix + ".seed");
    timeLimit(o.timeLimitS(), prefix + ".time_limit_s");
    timeLimit(o.timeoutS(), prefix + ".timeout_s");
    if (o.timeLimitS() != null && o.timeoutS() != null && !o.timeLimitS().equals(o.timeoutS())) {
      throw ApiException.invalid(
          prefix + ".timeout_s", "timeout_s and time_limit_s name the same budget; give one");
    }
    if (o.shiftStart() != null && o.shiftEnd() != null && !o.shiftEnd().isAfter(o.shiftStart())) {
      throw ApiException.invalid(prefix + ".shift_end", "shift_end must be after shift_start");
    }
    checkTagPriorities(o.tagPriorities(), prefix + ".tag_priorities");
    checkLockedStops(o.lockedStops(), prefix + ".locked_stops");
    if (o.vehicleOverrides() != null) {
      if (o.vehicleOverrides().size() > OptimizeResource.MAX_DRIVERS) {
        throw ApiException.invalid(
            prefix + ".vehicle_overrides",
            "at most " + OptimizeResource.MAX_DRIVERS + " vehicle overrides");
      }
      o.vehicleOverrides()
          .forEach(
              (key, v) -> {
                String at = prefix + ".vehicle_overrides." + key;
                if (v == null) {
                  throw ApiException.invalid(at, "an override is a vehicle object");
                }
                DriverVehicle.vehicle(v, at);
              });
    }
    return new OptimizeOptions(
        o.shiftStart(),
        o.shiftEnd(),
        o.maxStopsPerDriver(),
        o.objective(),
        o.seed(),
        o.timeoutS() != null ? o.timeoutS() : o.timeLimitS(),
        o.tagPriorities(),
        o.lockedStops(),
        o.vehicleOverrides());
  }

  private static void timeLimit(Double seconds, String field) {
    if (seconds != null && (seconds <= 0 || seconds > 600)) {
      throw ApiException.invalid(field, field + " must be above 0 and at most 600");
    }
  }

  private static void checkTagPriorities(Map<String, Integer> tags, String at) {
    if (tags == null) {
      return;
    }
    if (tags.size() > 100) {
      throw ApiException.invalid(at, "at most 100 tag priorities");
    }
    tags.forEach(
        (tag, priority) -> {
          if (tag.isEmpty() || tag.length() > 64) {
            throw ApiException.invalid(at, "a tag is 1 to 64 characters");
          }
          if (priority == null || priority < 0 || priority > 5) {
            throw ApiException.invalid(at + "." + tag, "a tag priority is 0 to 5 (5 most urgent)");
          }
        });
  }

  private static void checkLockedStops(Map<String, List<String>> locks, String at) {
    if (locks == null) {
      return;
    }
    Map<String, String> lockedTo = new HashMap<>();
    locks.forEach(
        (driverId, jobIds) -> {
          String field = at + "." + driverId;
          if (jobIds == null || jobIds.isEmpty() || jobIds.size() > 1000) {
            throw ApiException.invalid(field, "a driver's locked stops are 1 to 1000 job ids");
          }
          for (int i = 0; i < jobIds.size(); i++) {
            String previous = lockedTo.put(jobIds.get(i), driverId);
            if (previous != null) {
              throw ApiException.invalid(
                  field + "[" + i + "]",
                  "job " + jobIds.get(i) + " is locked to " + previous + " already");
            }
          }
        });
  }

  /** {@code over}'s fields win where set: defaults &lt; account &lt; request. */
  static OptimizeOptions merge(OptimizeOptions base, OptimizeOptions over) {
    if (over == null) {
      return base;
    }
    if (base == null) {
      return over;
    }
    return new OptimizeOptions(
            over.shiftStart() != null ? over.shiftStart() : base.shiftStart(),
            over.shiftEnd() != null ? over.shiftEnd() : base.shiftEnd(),
            over.maxStopsPerDriver() != null ? over.maxStopsPerDriver() : base.maxStopsPerDriver(),
            over.objective() != null ? over.objective() : base.objective(),
            over.seed() != null ? over.seed() : base.seed(),
            over.timeLimitS() != null ? over.timeLimitS() : base.timeLimitS())
        .withVersion2(base)
        .withVersion2(over);
  }
}
