package io.fleetstream.bridge.internal.routing;

import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.routing.geocode.Geocoded;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Gives every address of a routing body that came without coordinates the place the stack's map has
 * for it, before the body is mapped and kept: the plan, its polls and the booked jobs all see the
 * same coordinates, and the answer echoes them with what was matched. An address with coordinates
 * is left as sent; one that is not on the map is refused, naming it.
 */
final class AddressFill {

  private final Places places;

  AddressFill(Places places) {
    this.places = places;
  }

  RoutingBody fill(RoutingBody body) {
    List<RoutingBody.Order> orders = body.orders();
    if (orders != null) {
      List<RoutingBody.Order> filled = new ArrayList<>(orders.size());
      for (int i = 0; i < orders.size(); i++) {
        RoutingBody.Order o = orders.get(i);
        String at = "orders[" + i + "]";
        filled.add(
            o == null
                ? null
                : new RoutingBody.Order(
                    o.externalId(),
                    fill(o.pickupAddress(), at + ".pickupAddress"),
                    fill(o.dropoffAddress(), at + ".dropoffAddress"),
                    o.pickupWindowOpen(),
                    o.pickupWindowClose(),
                    o.dropoffWindowOpen(),
                    o.dropoffWindowClose(),
                    o.payloadItems(),
                    o.customTags()));
      }
      orders = filled;
    }
    List<RoutingBody.Fleet> fleet = body.fleet();
    if (fleet != null) {
      List<RoutingBody.Fleet> filled = new ArrayList<>(fleet.size());
      for (int i = 0; i < fleet.size(); i++) {
        RoutingBody.Fleet f = fleet.get(i);
        filled.add(
            f == null
                ? null
                : new RoutingBody.Fleet(
                    f.driverExternalId(),
                    f.vehicleExternalId(),
                    f.vehicleType(),
                    f.scheduledStart(),
                    f.vehicleSpec(),
                    f.routeSkills(),
                    f.externalId(),
                    f.meta(),
                    fill(f.startAddress(), "fleet[" + i + "].startAddress"),
                    null)); // where a van is now is the bridge's to say, never the caller's
      }
      fleet = filled;
    }
    return new RoutingBody(
        body.mode(),
        body.problemId(),
        body.accountId(),
        fleet,
        orders,
        body.targetItineraryIds(),
        body.options());
  }

  /**
   * The address with coordinates: as sent when it has both (or only one: the mapper names the
   * missing one), else the map's place for its line, city and postal code.
   */
  RoutingBody.Address fill(RoutingBody.Address a, String at) {
    if (a == null) {
      return null;
    }
    if (a.latitude() != null || a.longitude() != null || blank(a.addressLine1())) {
      return a.geocoded() == null ? a : without(a);
    }
    Optional<Places.Unavailable> unavailable = places.unavailable();
    if (unavailable.isPresent()) {
      throw switch (unavailable.get()) {
        case OFF ->
            RoutingError.invalidRouting(
                at + ".latitude",
                "send latitude and longitude (as strings): geocoding is off on this bridge");
        case LOADING, FAILED ->
            RoutingError.of(
                503, "geocoding_unavailable", places.whyNot("latitude and longitude"), at);
      };
    }
    Geocoded found =
        places
            .find(a.addressLine1(), a.city(), a.postalCode())
            .orElseThrow(
                () ->
                    RoutingError.invalidRouting(
                        at + ".addressLine1",
                        "address "
                            + places.notOnMap(a.addressLine1())
                            + ", or send latitude and longitude"));
    return new RoutingBody.Address(
        a.addressLine1(),
        a.city(),
        a.state(),
        a.postalCode(),
        Double.toString(found.lat()),
        Double.toString(found.lng()),
        new RoutingBody.Geocoded(
            found.precision().name().toLowerCase(Locale.ROOT), found.matched()));
  }

  private static RoutingBody.Address without(RoutingBody.Address a) {
    return new RoutingBody.Address(
        a.addressLine1(), a.city(), a.state(), a.postalCode(), a.latitude(), a.longitude());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
