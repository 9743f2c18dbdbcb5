package io.fleetstream.bridge.internal.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The body of the seed-004 routing endpoints, as that contract names its fields (camelCase).
 * Distances in its payload items are inches and weights pounds, as the contract says.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record RoutingBody(
    String mode,
    String problemId,
    JsonNode accountId,
    List<Fleet> fleet,
    List<Order> orders,
    List<String> targetItineraryIds,
    Map<String, JsonNode> options) {

  /** A shipment: picked up at one address and dropped off at another. */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  public record Order(
      String externalId,
      Address pickupAddress,
      Address dropoffAddress,
      OffsetDateTime pickupWindowOpen,
      OffsetDateTime pickupWindowClose,
      OffsetDateTime dropoffWindowOpen,
      OffsetDateTime dropoffWindowClose,
      List<Item> payloadItems,
      List<Tag> customTags) {}

  /**
   * Latitude and longitude are strings in this contract; without them the address is looked up on
   * the stack's map and {@code geocoded} says what was found (set by the bridge; a request's own is
   * dropped).
   */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  public record Address(
      String addressLine1,
      String city,
      String state,
      String postalCode,
      String latitude,
      String longitude,
      Geocoded geocoded) {

    public Address(
        String addressLine1,
        String city,
        String state,
        String postalCode,
        String latitude,
        String longitude) {
      this(addressLine1, city, state, postalCode, latitude, longitude, null);
    }
  }

  /**
   * How an address without coordinates was placed: {@code precision} {@code address} (that house
   * number was found) or {@code street} (only the street: a point on it), and what it matched.
   */
  public record Geocoded(String precision, String matched) {}

  /** One item moved: inches and pounds. */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  public record Item(
      String description,
      Double height,
      Double length,
      Double width,
      Double weight,
      Integer quantity,
      String id) {}

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  public record Tag(String name) {}

  /**
   * A driver and vehicle to optimize against. {@code startAddress} is Fleetstream's: where the
   * route starts (the contract leaves it to the account's settings).
   */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  public record Fleet(
      String driverExternalId,
      String vehicleExternalId,
      String vehicleType,
      OffsetDateTime scheduledStart,
      VehicleSpec vehicleSpec,
      List<String> routeSkills,
      String externalId,
      JsonNode meta,
      Address startAddress,
      LivePosition livePosition) {

    /** This entry re-planned from where its van was last reported. */
    Fleet from(LivePosition at) {
      return new Fleet(
          driverExternalId,
          vehicleExternalId,
          vehicleType,
          scheduledStart,
          vehicleSpec,
          routeSkills,
          externalId,
          meta,
          startAddress,
          at);
    }
  }

  /**
   * Where an updated itinerary's van was last reported (its driver's latest tracked position), the
   * place its re-plan started from instead of the booked start; set by the bridge.
   */
  public record LivePosition(double latitude, double longitude, java.time.Instant reportedAt) {}

  /** Capacity and cost overrides of one vehicle (pounds, cubic inches, items; per mile, hour). */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  public record VehicleSpec(
      Double maxWeight,
      Double maxVolume,
      Integer maxItems,
      Double costPerMile,
      Double costPerHour,
      Double fixedCost) {}
}
