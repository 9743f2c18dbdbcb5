package io.fleetstream.bridge.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.routing.geocode.AddressQuery;
import io.fleetstream.routing.geocode.Geocoded;
import io.fleetstream.routing.geocode.Geocoder;
import io.fleetstream.routing.road.RoadNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Addresses without coordinates get the map's place before a routing body is mapped; the others are
 * left as sent; what cannot be placed is refused, naming the address.
 */
class AddressFillTest {

  @TempDir static Path dataDir;
  private static Geocoder monaco;
  private static AddressFill fill;

  @BeforeAll
  static void load() {
    monaco = Geocoder.builder().osmFile(RoadNetwork.embeddedMap(dataDir)).build();
    fill = new AddressFill(Places.of(monaco));
  }

  @Test
  void anAddressWithoutCoordinatesGetsTheMapsPlaceAndSaysWhatItMatched() {
    RoutingBody.Address sent = address("15 Avenue de Monte-Carlo", "Monaco", null, null);

    RoutingBody.Address filled = fill.fill(sent, "orders[0].pickupAddress");

    Geocoded expected =
        monaco.find(new AddressQuery("15 Avenue de Monte-Carlo", "Monaco", null)).orElseThrow();
    assertThat(Double.parseDouble(filled.latitude())).isEqualTo(expected.lat());
    assertThat(Double.parseDouble(filled.longitude())).isEqualTo(expected.lng());
    assertThat(filled.geocoded().precision()).isEqualTo("address");
    assertThat(filled.geocoded().matched()).contains("Monte-Carlo");
    assertThat(filled.addressLine1())
        .as("the caller's text is kept")
        .isEqualTo(sent.addressLine1());
  }

  @Test
  void everyAddressOfABodyIsFilledAndOnesWithCoordinatesAreLeftAsSent() {
    RoutingBody.Address given = address("100 Pickup Way", "San Francisco", "37.7749", "-122.4194");
    RoutingBody body =
        new RoutingBody(
            "plan",
            "p",
            null,
            List.of(
                new RoutingBody.Fleet(
                    "d",
                    "v",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    address("42 Quai Jean-Charles Rey", null, null, null),
                    null)),
            List.of(
                new RoutingBody.Order(
                    "o",
                    given,
                    address("11 rue du Portier", null, null, null),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)),
            null,
            null);

    RoutingBody filled = fill.fill(body);

    assertThat(filled.orders().get(0).pickupAddress()).isEqualTo(given);
    assertThat(filled.orders().get(0).dropoffAddress().geocoded()).isNotNull();
    assertThat(filled.fleet().get(0).startAddress().latitude()).isNotNull();
  }

  @Test
  void aGeocodedFieldSentByTheCallerIsDropped() {
    RoutingBody.Address sent =
        new RoutingBody.Address(
            "x", null, null, null, "43.7", "7.4", new RoutingBody.Geocoded("address", "forged"));

    assertThat(fill.fill(sent, "a").geocoded()).isNull();
  }

  @Test
  void anAddressNotOnTheMapIsRefusedNamingIt() {
    RoutingError e =
        catchThrowableOfType(
            RoutingError.class,
            () ->
                fill.fill(
                    address("200 Dropoff Ave", "Oakland", null, null), "orders[3].dropoffAddress"));

    assertThat(e.response().status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("200 Dropoff Ave").contains("monaco-latest.osm.pbf");
    assertThat(e.param()).isEqualTo("orders[3].dropoffAddress.addressLine1");
  }

  @Test
  void withGeocodingOffCoordinatesAreRequired() {
    AddressFill off = new AddressFill(Places.start(BridgeConfig.Geocoding.OFF, dataDir));

    RoutingError e =
        catchThrowableOfType(
            RoutingError.class,
            () ->
                off.fill(
                    address("15 Avenue de Monte-Carlo", null, null, null),
                    "fleet[0].startAddress"));

    assertThat(e.response().status()).isEqualTo(400);
    assertThat(e.param()).isEqualTo("fleet[0].startAddress.latitude");
  }

  @Test
  void aMapThatCannotBeReadAnswers503NamingTheCause() {
    Places broken =
        Places.start(new BridgeConfig.Geocoding(true, dataDir.resolve("missing.osm.pbf")), dataDir);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> broken.unavailable().filter(u -> u == Places.Unavailable.FAILED).isPresent());

    RoutingError e =
        catchThrowableOfType(
            RoutingError.class,
            () ->
                new AddressFill(broken)
                    .fill(address("15 Avenue de Monte-Carlo", null, null, null), "a"));

    assertThat(e.response().status()).isEqualTo(503);
    assertThat(e.getMessage()).contains("missing.osm.pbf");
  }

  private static RoutingBody.Address address(String line, String city, String lat, String lng) {
    return new RoutingBody.Address(line, city, null, null, lat, lng);
  }
}
