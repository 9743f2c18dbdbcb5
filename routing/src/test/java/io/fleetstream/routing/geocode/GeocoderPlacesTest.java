package io.fleetstream.routing.geocode;

import static io.fleetstream.routing.geocode.GeocoderTest.metres;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.geocode.Geocoded.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same-named streets in two towns, which Monaco does not have: a small OSM XML file (GraphHopper's
 * reader reads .osm as well) with a Hauptstraße and a Kirchweg in Altdorf (around 48.00, 11.00) and
 * in Neudorf (around 48.10, 11.10), 13 km apart.
 */
class GeocoderPlacesTest {

  @TempDir static Path dir;

  private static Geocoder geocoder;

  @BeforeAll
  static void read() throws IOException {
    Path file = dir.resolve("towns.osm");
    Files.writeString(
        file,
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6">
          %s
          %s
          %s
          %s
          %s
          %s
          <node id="10" lat="48.0010" lon="11.0000"/>
          <node id="11" lat="48.0010" lon="11.0010"/>
          <node id="12" lat="48.0010" lon="11.0020"/>
          <node id="20" lat="48.1010" lon="11.1000"/>
          <node id="21" lat="48.1010" lon="11.1010"/>
          <node id="22" lat="48.1010" lon="11.1020"/>
          <node id="30" lat="48.0020" lon="11.0000"/>
          <node id="31" lat="48.0020" lon="11.0010"/>
          <node id="40" lat="48.1020" lon="11.1000"/>
          <node id="41" lat="48.1020" lon="11.1010"/>
          <node id="50" lat="48.0500" lon="11.0500"/>
          <node id="51" lat="48.0500" lon="11.0502"/>
          <node id="52" lat="48.0502" lon="11.0502"/>
          <node id="53" lat="48.0502" lon="11.0500"/>
          <node id="60" lat="48.0600" lon="11.0600"/>
          <node id="61" lat="48.0610" lon="11.0600"/>
          <node id="62" lat="48.0620" lon="11.0600"/>
          %s
          %s
          %s
          %s
          <way id="200"><nd ref="50"/><nd ref="51"/><nd ref="52"/><nd ref="53"/><nd ref="50"/>
            <tag k="building" v="yes"/><tag k="addr:housenumber" v="2"/>
            <tag k="addr:street" v="Ringstraße"/></way>
          <way id="201"><nd ref="60"/><nd ref="61"/><nd ref="62"/>
            <tag k="highway" v="primary"/><tag k="name" v="Route 66"/></way>
        </osm>
        """
            .formatted(
                address(1, 48.0000, 11.0000, "5", "Hauptstraße", "11111", "Altdorf"),
                address(2, 48.1000, 11.1000, "5", "Hauptstraße", "22222", "Neudorf"),
                address(3, 48.0003, 11.0003, "7", "Hauptstraße", "11111", "Altdorf"),
                address(4, 48.1003, 11.1003, "12", "Hauptstraße", "22222", "Neudorf"),
                address(5, 48.1015, 11.1015, "1", "Bahnhofstraße", "22222", "Neudorf"),
                address(6, 48.0015, 11.0015, "3", "Schulweg", "11111", "Altdorf"),
                street(100, "Hauptstraße", 10, 11, 12),
                street(101, "Hauptstraße", 20, 21, 22),
                street(102, "Kirchweg", 30, 31),
                street(103, "Kirchweg", 40, 41)));
    geocoder = Geocoder.builder().osmFile(file).build();
  }

  @Test
  void counts() {
    assertThat(geocoder.addresses()).isEqualTo(7);
    // hauptstrasse, bahnhofstrasse, schulweg, kirchweg, ringstrasse, route 66
    assertThat(geocoder.streets()).isEqualTo(6);
  }

  @Test
  void theCityOrPostcodeChoosesTheTown() {
    assertThat(point("5 Hauptstraße", "Neudorf", null)).isEqualTo("48.1,11.1,ADDRESS");
    assertThat(point("5 Hauptstraße", "altdorf", null)).isEqualTo("48.0,11.0,ADDRESS");
    assertThat(point("5 Hauptstraße", null, "22222")).isEqualTo("48.1,11.1,ADDRESS");
    assertThat(point("Hauptstr. 5, 22222 Neudorf", null, null)).isEqualTo("48.1,11.1,ADDRESS");
    // The query's own fields win over what the line says.
    assertThat(point("Hauptstr. 5, 22222 Neudorf", "Altdorf", "11111"))
        .isEqualTo("48.0,11.0,ADDRESS");
  }

  @Test
  void aFilterMatchingNothingIsIgnored() {
    Geocoded found = geocoder.find(new AddressQuery("5 Hauptstraße", "Elsewhere", "99999")).get();
    assertThat(found.precision()).isEqualTo(Precision.ADDRESS);
  }

  @Test
  void theNearestNumberIsTakenInTheAskedTown() {
    // 9 is nearer 7 (Altdorf) than 12 (Neudorf); Neudorf asked: 12.
    assertThat(point("9 Hauptstraße", "Neudorf", null)).isEqualTo("48.1003,11.1003,STREET");
    assertThat(point("9 Hauptstraße", "Altdorf", null)).isEqualTo("48.0003,11.0003,STREET");
  }

  @Test
  void aStreetWithoutAddressesIsPlacedByTheAddressesOfItsTown() {
    // Kirchweg has no address at all: the town's addresses say which of the two ways is meant.
    assertThat(point("Kirchweg", "Neudorf", null)).isEqualTo("48.102,11.101,STREET");
    assertThat(point("Kirchweg", null, "11111")).isEqualTo("48.002,11.001,STREET");
    assertThat(point("Kirchweg, Altdorf", null, null)).isEqualTo("48.002,11.001,STREET");
  }

  @Test
  void aStreetWithoutNumberIsPlacedOnItsWayInTheAskedTown() {
    assertThat(point("Hauptstraße", "Neudorf", null)).isEqualTo("48.101,11.101,STREET");
    assertThat(point("Hauptstraße", "Altdorf", null)).isEqualTo("48.001,11.001,STREET");
  }

  @Test
  void aBuildingIsAtTheCentroidOfItsCorners() {
    // The closing node repeats the first: counted once, the centroid is the square's centre.
    Geocoded found = geocoder.find(new AddressQuery("Ringstrasse 2", null, null)).get();
    assertThat(found.precision()).isEqualTo(Precision.ADDRESS);
    assertThat(metres(found.lat(), found.lng(), 48.0501, 11.0501)).isLessThan(0.5);
  }

  @Test
  void aStreetNameEndingInANumberIsFound() {
    Geocoded found = geocoder.find(new AddressQuery("Route 66", null, null)).get();
    assertThat(found.matched()).isEqualTo("Route 66");
    assertThat(metres(found.lat(), found.lng(), 48.0610, 11.0600)).isLessThan(0.5);
  }

  private static String point(String line, String city, String postcode) {
    Geocoded g = geocoder.find(new AddressQuery(line, city, postcode)).orElseThrow();
    return g.lat() + "," + g.lng() + "," + g.precision();
  }

  private static String address(
      long id, double lat, double lng, String number, String street, String postcode, String city) {
    return ("<node id=\"%d\" lat=\"%s\" lon=\"%s\"><tag k=\"addr:housenumber\" v=\"%s\"/>"
            + "<tag k=\"addr:street\" v=\"%s\"/><tag k=\"addr:postcode\" v=\"%s\"/>"
            + "<tag k=\"addr:city\" v=\"%s\"/></node>")
        .formatted(id, lat, lng, number, street, postcode, city);
  }

  private static String street(long id, String name, long... nodes) {
    StringBuilder way = new StringBuilder("<way id=\"" + id + "\">");
    for (long n : nodes) way.append("<nd ref=\"").append(n).append("\"/>");
    return way.append("<tag k=\"highway\" v=\"residential\"/><tag k=\"name\" v=\"")
        .append(name)
        .append("\"/></way>")
        .toString();
  }
}
