package io.fleetstream.bridge.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetstream.schemas.events.Load;
import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.json.EventJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's options: its objectives by their names, and its map-like options as [key, value]
 * tuples naming itineraries, orders and vehicles the way the contract does.
 */
class RoutingOptionsTest {

  private static final String FLEET =
      "\"fleet\": [{\"driverExternalId\": \"driver-1\", \"vehicleExternalId\": \"vehicle-1\","
          + " \"vehicleType\": \"cargo-van\", \"scheduledStart\": \"2026-06-18T15:00:00Z\"},"
          + " {\"driverExternalId\": \"driver-2\", \"vehicleExternalId\": \"vehicle-2\","
          + " \"vehicleType\": \"box-truck\", \"scheduledStart\": \"2026-06-18T15:00:00Z\"}],"
          + " \"orders\": [{\"externalId\": \"order-1\", \"dropoffAddress\": {\"latitude\":"
          + " \"37.80\", \"longitude\": \"-122.27\"}}, {\"externalId\": \"order-2\","
          + " \"dropoffAddress\": {\"latitude\": \"37.78\", \"longitude\": \"-122.41\"}}]";

  @Test
  void theContractsOptionsBecomeTheRunsOptions() throws Exception {
    OptimizeRequestData run =
        map(
            "{\"objective\": \"MIN_VEHICLE_UTILIZATION\", \"tagPriorities\": [[\"lift-gate\", 5]],"
                + " \"lockedStops\": [[\"fleet_driver-2_vehicle-2\", [\"order-2\", \"order-1\"]]],"
                + " \"vehicleSpecOverrides\": [[\"cargo-van\", {\"maxWeight\": 1000}],"
                + " [\"vehicle-2\", {\"maxItems\": 3}]], \"trafficMode\": \"none\"}");

    OptimizeOptions o = run.options();
    assertThat(o.objective()).isEqualTo("min_vehicles");
    assertThat(o.tagPriorities()).containsEntry("lift-gate", 5);
    String second = run.drivers().get(1).driverId();
    assertThat(o.lockedStops())
        .containsOnlyKeys(second)
        .containsEntry(second, List.of(run.jobs().get(1).jobId(), run.jobs().get(0).jobId()));
    assertThat(o.vehicleOverrides().get("cargo-van").capacity().weightKg())
        .as("1,000 lb")
        .isBetween(453.5, 453.6);
    assertThat(o.vehicleOverrides().get(second).capacity())
        .as("a vehicleExternalId names its driver")
        .isEqualTo(new Load(null, null, 3));
    assertThat(RoutingOptions.ignoredOptions(body("{\"trafficMode\": \"none\"}").options()))
        .containsExactly("trafficMode");
  }

  @Test
  void eachObjectiveOfTheContractIsOneOfOurs() throws Exception {
    assertThat(map("{\"objective\": \"MIN_DURATION\"}").options().objective())
        .isEqualTo("min_duration");
    assertThat(map("{\"objective\": \"MIN_MAX_TRAVEL_COST_DISTANCE\"}").options().objective())
        .isEqualTo("min_max_distance");
    assertThat(map("{\"objective\": \"MIN_VEHICLE_AVOID_TOUR_OVERLAP\"}").options().objective())
        .isEqualTo("min_vehicles_avoid_tour_overlap");
    assertThat(error("{\"objective\": \"CHEAPEST\"}").param()).isEqualTo("options.objective");
  }

  @Test
  void badTuplesAreNamed() throws Exception {
    assertThat(error("{\"tagPriorities\": [[\"lift-gate\", 9]]}").param())
        .isEqualTo("options.tagPriorities[0][1]");
    assertThat(error("{\"tagPriorities\": {\"lift-gate\": 5}}").param())
        .as("a JavaScript Map sent as an object")
        .isEqualTo("options.tagPriorities");
    assertThat(error("{\"lockedStops\": [[\"fleet_nobody\", [\"order-1\"]]]}").param())
        .isEqualTo("options.lockedStops[0][0]");
    RoutingError unknownOrder = error("{\"lockedStops\": [[\"driver-1\", [\"order-9\"]]]}");
    assertThat(unknownOrder.param()).isEqualTo("options.lockedStops[0][1][0]");
    assertThat(unknownOrder.code()).isEqualTo("invalid_routing_input");
    assertThat(error("{\"vehicleSpecOverrides\": [[\"cargo-van\", {\"maxWeight\": -1}]]}").param())
        .isEqualTo("options.vehicleSpecOverrides[0][1].maxWeight");
  }

  private static OptimizeRequestData map(String options) throws Exception {
    return RoutingMapper.map("acct", body(options), 100, Instant.parse("2026-06-18T14:00:00Z"));
  }

  private static RoutingError error(String options) {
    return catchThrowableOfType(() -> map(options), RoutingError.class);
  }

  private static RoutingBody body(String options) throws Exception {
    return EventJson.mapper()
        .readValue(
            "{\"mode\": \"plan\", \"problemId\": \"p-1\", "
                + FLEET
                + ", \"options\": "
                + options
                + "}",
            RoutingBody.class);
  }
}
