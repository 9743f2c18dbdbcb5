package io.fleetstream.bridge.internal.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.Vehicle;
import io.fleetstream.schemas.json.EventJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A seed-004 body's {@code options} as an optimization run's: the objective by the contract's
 * names, and the map-like options ({@code tagPriorities}, {@code lockedStops}, {@code
 * vehicleSpecOverrides}) the contract sends as arrays of [key, value] tuples, whose keys name
 * itineraries, drivers, orders and vehicles by their external ids. Every other option is accepted
 * and reported as ignored.
 */
final class RoutingOptions {

  /** Options this engine applies; every other option is accepted and reported as ignored. */
  static final Set<String> APPLIED_OPTIONS =
      Set.of("objective", "tagPriorities", "lockedStops", "vehicleSpecOverrides");

  /** The contract's objectives, as our optimization runs name them. */
  static final Map<String, String> OBJECTIVES =
      Map.of(
          "MIN_DURATION", "min_duration",
          "MIN_MAX_TRAVEL_COST_DISTANCE", "min_max_distance",
          "MIN_VEHICLE_UTILIZATION", "min_vehicles",
          "MIN_VEHICLE_AVOID_TOUR_OVERLAP", "min_vehicles_avoid_tour_overlap");

  /**
   * The options this engine applies: the objective, and the map-like options as the contract sends
   * them, arrays of [key, value] tuples.
   */
  static OptimizeOptions of(RoutingBody body, List<JobData> jobs, List<DriverData> drivers) {
    Map<String, JsonNode> options = body.options() == null ? Map.of() : body.options();
    Map<String, Integer> tags = new LinkedHashMap<>();
    tuples(options, "tagPriorities")
        .forEach(
            (at, tuple) -> {
              JsonNode tag = tuple.get(0);
              JsonNode priority = tuple.get(1);
              if (!tag.isTextual() || tag.asText().isEmpty() || tag.asText().length() > 64) {
                throw RoutingError.invalidInput(at + "[0]", "a tag is 1 to 64 characters");
              }
              if (!priority.isInt() || priority.asInt() < 0 || priority.asInt() > 5) {
                throw RoutingError.invalidInput(at + "[1]", "a tag priority is 0 to 5");
              }
              tags.put(tag.asText(), priority.asInt());
            });
    Map<String, List<String>> locked = new LinkedHashMap<>();
    tuples(options, "lockedStops")
        .forEach(
            (at, tuple) -> {
              String driverId = driverOf(body, drivers, tuple.get(0), at + "[0]");
              JsonNode stops = tuple.get(1);
              if (!stops.isArray() || stops.isEmpty()) {
                throw RoutingError.invalidInput(at + "[1]", "locked stops are orders' externalIds");
              }
              List<String> jobIds = new ArrayList<>();
              for (int k = 0; k < stops.size(); k++) {
                jobIds.add(jobOf(jobs, stops.get(k), at + "[1][" + k + "]"));
              }
              locked.put(driverId, jobIds);
            });
    Map<String, Vehicle> overrides = new LinkedHashMap<>();
    tuples(options, "vehicleSpecOverrides")
        .forEach(
            (at, tuple) -> {
              JsonNode key = tuple.get(0);
              if (!key.isTextual() || key.asText().isEmpty()) {
                throw RoutingError.invalidInput(at + "[0]", "a vehicle type or vehicleExternalId");
              }
              RoutingBody.VehicleSpec spec;
              try {
                spec = EventJson.mapper().treeToValue(tuple.get(1), RoutingBody.VehicleSpec.class);
              } catch (JsonProcessingException | IllegalArgumentException e) {
                throw RoutingError.invalidInput(at + "[1]", "a vehicleSpec object");
              }
              overrides.put(
                  vehicleKey(body, drivers, key.asText()),
                  RoutingMapper.vehicle(null, spec, at + "[1]"));
            });
    return new OptimizeOptions(
        null, null, null, objective(body.options()), null, null, tags, locked, overrides);
  }

  /** Each [key, value] tuple of a map-like option, by its place ({@code options.name[k]}). */
  private static Map<String, JsonNode> tuples(Map<String, JsonNode> options, String name) {
    JsonNode given = options.get(name);
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (given == null || given.isNull()) {
      return out;
    }
    String at = "options." + name;
    if (!given.isArray()) {
      throw RoutingError.invalidInput(at, name + " is an array of [key, value] tuples");
    }
    for (int k = 0; k < given.size(); k++) {
      JsonNode tuple = given.get(k);
      if (!tuple.isArray() || tuple.size() != 2) {
        throw RoutingError.invalidInput(at + "[" + k + "]", "a [key, value] tuple");
      }
      out.put(at + "[" + k + "]", tuple);
    }
    return out;
  }

  /** The driver of the fleet entry whose itinerary external id (or driverExternalId) is given. */
  private static String driverOf(
      RoutingBody body, List<DriverData> drivers, JsonNode key, String at) {
    for (int i = 0; i < body.fleet().size(); i++) {
      RoutingBody.Fleet f = body.fleet().get(i);
      if (key.isTextual()
          && (key.asText().equals(RoutingMapper.itineraryId(f))
              || key.asText().equals(f.driverExternalId()))) {
        return drivers.get(i).driverId();
      }
    }
    throw RoutingError.invalidRouting(at, "no fleet entry has itinerary " + key);
  }

  private static String jobOf(List<JobData> jobs, JsonNode externalId, String at) {
    for (JobData j : jobs) {
      if (externalId.isTextual() && externalId.asText().equals(j.externalId())) {
        return j.jobId();
      }
    }
    throw RoutingError.invalidRouting(at, "no order has externalId " + externalId);
  }

  /** A vehicleExternalId names its fleet entry's driver; anything else is a vehicle type. */
  private static String vehicleKey(RoutingBody body, List<DriverData> drivers, String key) {
    for (int i = 0; i < body.fleet().size(); i++) {
      if (key.equals(body.fleet().get(i).vehicleExternalId())) {
        return drivers.get(i).driverId();
      }
    }
    return key;
  }

  /** The options the body names that this engine does not apply (reported in the answer). */
  static List<String> ignoredOptions(Map<String, JsonNode> options) {
    Set<String> ignored = new TreeSet<>();
    if (options != null) {
      options.keySet().stream().filter(k -> !APPLIED_OPTIONS.contains(k)).forEach(ignored::add);
    }
    return List.copyOf(ignored);
  }

  private static String objective(Map<String, JsonNode> options) {
    JsonNode objective = options == null ? null : options.get("objective");
    if (objective == null || objective.isNull()) {
      return "min_duration";
    }
    String ours = objective.isTextual() ? OBJECTIVES.get(objective.asText()) : null;
    if (ours == null) {
      throw RoutingError.invalidRouting(
          "options.objective",
          "routing.plan: objective "
              + objective
              + " is not available; this engine offers "
              + new TreeSet<>(OBJECTIVES.keySet()));
    }
    return ours;
  }

  private RoutingOptions() {}
}
