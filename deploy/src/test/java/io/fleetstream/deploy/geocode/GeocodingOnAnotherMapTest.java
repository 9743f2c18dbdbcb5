package io.fleetstream.deploy.geocode;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.geocode.AddressQuery;
import io.fleetstream.routing.geocode.Geocoded;
import io.fleetstream.routing.geocode.Geocoder;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The geocoder on a second real map, Liechtenstein (3,400 addresses, the same street name in
 * several towns): nothing in it is Monaco's. Expected points are the OpenStreetMap nodes of those
 * addresses, read from the file with GraphHopper's reader when this test was written.
 */
class GeocodingOnAnotherMapTest {

  /** Unpacked by the build from Baremaps' test data (see deploy/pom.xml). */
  private static final Path LIECHTENSTEIN =
      Path.of("target", "osm", "liechtenstein", "liechtenstein.osm.pbf");

  private static Geocoder geocoder;

  @BeforeAll
  static void read() {
    geocoder = Geocoder.builder().osmFile(LIECHTENSTEIN).build();
  }

  @Test
  void readsTheWholeMapsAddresses() {
    assertThat(geocoder.addresses()).isGreaterThan(3000);
    assertThat(geocoder.streets()).isGreaterThan(500);
  }

  @Test
  void aHouseNumberIsFoundWhereverItIsWritten() {
    // Landstrasse 92, 9490 Vaduz: node at 47.1496568, 9.5121876.
    assertNear(find("Landstrasse 92", null, "9490"), 47.1496568, 9.5121876, 30);
    // Landstrasse 340, 9495 Triesen: node at 47.1025216, 9.5246274; the town in the line itself.
    assertNear(find("Landstrasse 340, 9495 Triesen", null, null), 47.1025216, 9.5246274, 30);
    assertThat(find("landstr. 340", "Triesen", null).precision())
        .isEqualTo(Geocoded.Precision.ADDRESS);
  }

  @Test
  void theTownChoosesBetweenStreetsOfTheSameName() {
    // Landstrasse runs through Triesen (addresses near 47.10-47.12) and Schaan (near 47.16).
    Geocoded triesen = find("Landstrasse", "Triesen", null);
    Geocoded schaan = find("Landstrasse", "Schaan", null);

    assertThat(triesen.precision()).isEqualTo(Geocoded.Precision.STREET);
    assertThat(triesen.lat()).isLessThan(47.13);
    assertThat(schaan.lat()).isGreaterThan(47.15);
  }

  @Test
  void anAddressOfAnotherCountryIsNotFound() {
    assertThat(geocoder.find(new AddressQuery("200 Dropoff Ave", "Oakland", "94607"))).isEmpty();
  }

  private static Geocoded find(String line, String city, String postalCode) {
    return geocoder.find(new AddressQuery(line, city, postalCode)).orElseThrow();
  }

  private static void assertNear(Geocoded found, double lat, double lng, double metres) {
    double dLat = Math.toRadians(found.lat() - lat);
    double dLng = Math.toRadians(found.lng() - lng) * Math.cos(Math.toRadians(lat));
    assertThat(6_371_000 * Math.hypot(dLat, dLng)).as(found.toString()).isLessThan(metres);
    assertThat(found.precision()).isEqualTo(Geocoded.Precision.ADDRESS);
  }
}
