package io.fleetstream.bridge.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.resources.DriverResource.DriverRequest;
import io.fleetstream.routing.geocode.Geocoder;
import io.fleetstream.routing.road.RoadNetwork;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's and a driver's addresses without coordinates are placed on the map; every other field
 * stays.
 */
class AddressesTest {

  @TempDir static Path dataDir;
  private static Addresses addresses;

  @BeforeAll
  static void load() {
    addresses =
        new Addresses(
            Places.of(Geocoder.builder().osmFile(RoadNetwork.embeddedMap(dataDir)).build()));
  }

  @Test
  void aDropoffAndAPickupAddressGetCoordinatesAndNothingElseChanges() {
    JobRequest sent =
        request(null, null, "15 Avenue de Monte-Carlo", null, null, "11 rue du Portier");

    Addresses.Located<JobRequest> located = addresses.locate(sent);

    JobRequest r = located.request();
    assertThat(r.dropoffLat()).isBetween(43.72, 43.76);
    assertThat(r.pickupLng()).isBetween(7.40, 7.44);
    assertThat(r)
        .usingRecursiveComparison()
        .ignoringFields("dropoffLat", "dropoffLng", "pickupLat", "pickupLng")
        .isEqualTo(sent);
    assertThat(located.geocoded()).containsOnlyKeys("dropoff", "pickup");
  }

  @Test
  void coordinatesSentAreKeptAndNothingIsLookedUp() {
    JobRequest sent = request(43.7, 7.4, "200 Dropoff Ave", null, null, null);

    Addresses.Located<JobRequest> located = addresses.locate(sent);

    assertThat(located.request()).isEqualTo(sent);
    assertThat(located.geocoded()).isEmpty();
  }

  @Test
  void anAddressNotOnTheMapIsRefusedNamingTheField() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> addresses.locate(request(43.7, 7.4, null, null, null, "200 Dropoff Ave")));

    assertThat(e.param()).isEqualTo("pickup_address");
    assertThat(e.code().status()).isEqualTo(400);
  }

  @Test
  void withGeocodingOffAnAddressWithoutCoordinatesIsRefusedNotDropped() {
    Addresses off = new Addresses(Places.start(BridgeConfig.Geocoding.OFF, dataDir));
    JobRequest withCoordinates = request(43.7, 7.4, "15 Avenue de Monte-Carlo", null, null, null);

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> off.locate(request(43.7, 7.4, null, null, null, "11 rue du Portier")));

    // A pickup sent only as an address would otherwise vanish from the job without a word.
    assertThat(e.code().status()).isEqualTo(400);
    assertThat(e.param()).isEqualTo("pickup_address");
    assertThat(e.getMessage()).contains("geocoding.osm_file=off").contains("pickup_lat");
    assertThat(off.locate(withCoordinates).request()).isEqualTo(withCoordinates);
  }

  @Test
  void aDriversStartAndEndAddressesGetCoordinatesAndNothingElseChanges() {
    DriverRequest sent = driver(null, null, "15 Avenue de Monte-Carlo", "11 rue du Portier");

    Addresses.Located<DriverRequest> located = addresses.locate(sent);

    DriverRequest r = located.request();
    assertThat(r.startLat()).isBetween(43.72, 43.76);
    assertThat(r.endLng()).isBetween(7.40, 7.44);
    assertThat(r.startLat()).isNotEqualTo(r.endLat());
    assertThat(r)
        .usingRecursiveComparison()
        .ignoringFields("startLat", "startLng", "endLat", "endLng")
        .isEqualTo(sent);
    assertThat(located.geocoded()).containsOnlyKeys("start", "end");
  }

  @Test
  void aDriversEndAddressNotOnTheMapIsRefusedNamingTheField() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> addresses.locate(driver(43.7, 7.4, null, "200 Dropoff Ave")));

    assertThat(e.code().status()).isEqualTo(400);
    assertThat(e.param()).isEqualTo("end_address");
    assertThat(e.getMessage()).contains("200 Dropoff Ave").contains("end_lat and end_lng");
  }

  @Test
  void aMapThatCannotBeReadAnswers503NamingTheFieldAndTheCause() {
    Places broken =
        Places.start(new BridgeConfig.Geocoding(true, dataDir.resolve("gone.osm.pbf")), dataDir);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> broken.unavailable().orElse(null) == Places.Unavailable.FAILED);

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                new Addresses(broken)
                    .locate(request(null, null, "15 Avenue de Monte-Carlo", null, null, null)));

    assertThat(e.code().status()).isEqualTo(503);
    assertThat(e.param()).isEqualTo("dropoff_address");
    assertThat(e.getMessage()).contains("gone.osm.pbf").contains("dropoff_lat and dropoff_lng");
  }

  private static DriverRequest driver(Double lat, Double lng, String start, String end) {
    return new DriverRequest(
        "van-1",
        "Ana",
        null,
        lat,
        lng,
        null,
        null,
        null,
        null,
        List.of("ladder"),
        3,
        null,
        null,
        null,
        start,
        end);
  }

  private static JobRequest request(
      Double lat, Double lng, String address, Double pLat, Double pLng, String pAddress) {
    return new JobRequest(
        "ext-1", lat, lng, address, 5.0, 2, null, null, null, null, null, pLat, pLng, pAddress,
        null, null, null, null, null, null);
  }
}
