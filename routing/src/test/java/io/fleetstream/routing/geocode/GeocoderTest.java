package io.fleetstream.routing.geocode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.routing.geocode.Geocoded.Precision;
import io.fleetstream.routing.road.RoadDataException;
import io.fleetstream.routing.road.internal.GraphLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The geocoder on the bundled Monaco extract. Expected points are the OSM positions of the tagged
 * nodes (or the centroids of the tagged building outlines), looked up once with a throwaway scan of
 * the same file and hard-coded here; the tolerance absorbs the choice among several entries of one
 * number.
 */
class GeocoderTest {

  @TempDir static Path dir;

  private static Geocoder geocoder;

  @BeforeAll
  static void readMonaco() {
    geocoder = Geocoder.builder().osmFile(GraphLoader.bundledMonaco(dir)).build();
  }

  @Test
  void readsTheWholeExtract() {
    // 164 address nodes + 76 address ways; 724 named highway ways under about 250 names.
    assertThat(geocoder.addresses()).isEqualTo(240);
    assertThat(geocoder.streets()).isGreaterThan(100);
    assertThat(geocoder.osmFile()).isEqualTo(GraphLoader.bundledMonaco(dir));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // node 4317155600 (Hermès)
        "15 Avenue de Monte-Carlo     | 43.7381998 | 7.4275063 | 15 Avenue de Monte-Carlo, 98000 Monaco",
        // six nodes numbered 42 (cafés and restaurants of one building): their middle
        "42 Quai Jean-Charles Rey     | 43.7276559 | 7.4217919 | 42 Quai Jean-Charles Rey",
        // nodes 1871995867 (theatre) and 8185688354 (cinema), 5 m apart
        "12 Avenue d'Ostende          | 43.7376506 | 7.4260341 | 12 Avenue d'Ostende, 98000 Monaco",
        // building way 94399651 (Park Palace), centroid of its 19 corners
        "6 Impasse de la Fontaine     | 43.7393503 | 7.4244372 | 6 Impasse de la Fontaine, Monte-Carlo",
        // building way 94452808 (George V), mean of its 25 corners
        "14 Avenue de Grande-Bretagne | 43.7425755 | 7.4288966 | 14 Avenue de Grande-Bretagne, 98000 Monte-Carlo",
        // node 5765826654 (driving school)
        "2 Rue de la Turbie           | 43.7328625 | 7.4185164 | 2 Rue de la Turbie, 98000",
        // nodes 7926333297 (Mozza) and 7926333298 (Cozza)
        "11 Rue du Portier            | 43.7422855 | 7.4295616 | 11 Rue du Portier, 98000",
      })
  void findsAnAddressAtItsHouseNumber(String line, double lat, double lng, String matched) {
    Geocoded found = geocoder.find(new AddressQuery(line, null, null)).orElseThrow();
    assertThat(found.precision()).isEqualTo(Precision.ADDRESS);
    assertThat(metres(found, lat, lng)).isLessThan(30);
    assertThat(found.matched()).isEqualTo(matched);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "15 av. de monte carlo",
        "15 AVENUE DE MONTE-CARLO",
        "15, Avenue de Monte Carlo",
        "Avenue de Monte-Carlo 15",
        "15 Avenue de Monte-Carlo, 98000 Monaco",
        "  15   Ave de Monte-Carlo  ",
      })
  void spellingVariantsFindTheSamePoint(String line) {
    Geocoded exact = geocoder.find(new AddressQuery("15 Avenue de Monte-Carlo", null, null)).get();
    assertThat(geocoder.find(new AddressQuery(line, "Monaco", "98000"))).contains(exact);
    assertThat(geocoder.find(new AddressQuery(line, null, null))).contains(exact);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "15 Avenue Monte Carlo",
        "15 Avenue de Monte-Carl",
        "15 Avneue de Monte-Carlo",
        "15 Avenue du Monte-Carlo",
      })
  void aNameThatAlmostMatchesOneStreetFindsIt(String line) {
    Geocoded exact = geocoder.find(new AddressQuery("15 Avenue de Monte-Carlo", null, null)).get();
    assertThat(geocoder.find(new AddressQuery(line, null, null))).contains(exact);
  }

  @ParameterizedTest
  @ValueSource(strings = {"200 Dropoff Ave", "5 Rue Nulle", "1 Avenue de Monte-Carlo Sud Ouest"})
  void aNameFarFromEveryStreetIsNotGuessed(String line) {
    assertThat(geocoder.find(new AddressQuery(line, null, null))).isEmpty();
  }

  @Test
  void accentsAreFolded() {
    // A highway of the extract, spelt with an accent.
    Geocoded found =
        geocoder.find(new AddressQuery("Chemin des Revoires", null, null)).orElseThrow();
    assertThat(found.matched()).isEqualTo("Chemin des Révoires");
  }

  @Test
  void aNumberNotOnTheStreetGivesTheNearestNumberOnIt() {
    // The street's highest number is 21 (node 7778320964, Miu Miu).
    Geocoded found =
        geocoder.find(new AddressQuery("99 Avenue de Monte-Carlo", null, null)).orElseThrow();
    assertThat(found.precision()).isEqualTo(Precision.STREET);
    assertThat(metres(found, 43.7383976, 7.4277289)).isLessThan(5);
    assertThat(found.matched()).isEqualTo("Avenue de Monte-Carlo, 98000 Monaco");
    // 16 is between 15 and 17-19: either is 20 m from the point of 15.
    Geocoded sixteen =
        geocoder.find(new AddressQuery("16 Avenue de Monte-Carlo", null, null)).orElseThrow();
    assertThat(sixteen.precision()).isEqualTo(Precision.STREET);
    assertThat(metres(sixteen, 43.7381998, 7.4275063)).isLessThan(30);
  }

  @Test
  void aRangeAnswersForItsEnds() {
    // node 4317155599 is numbered "17-19"
    Geocoded found =
        geocoder.find(new AddressQuery("19 Avenue de Monte-Carlo", null, null)).orElseThrow();
    assertThat(found.precision()).isEqualTo(Precision.ADDRESS);
    assertThat(found.matched()).startsWith("17-19 Avenue de Monte-Carlo");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Rue des Remparts", "5 Rue des Remparts", "rue des remparts, Monaco"})
  void aStreetWithoutNumbersGivesAPointOfTheStreet(String line) {
    // Rue des Remparts (ways 4227157 and 850230913, 200 m long) has no numbered address;
    // node 43.7313873, 7.4230032 is on its middle.
    Geocoded found = geocoder.find(new AddressQuery(line, null, null)).orElseThrow();
    assertThat(found.precision()).isEqualTo(Precision.STREET);
    assertThat(found.matched()).isEqualTo("Rue des Remparts");
    assertThat(metres(found, 43.7313873, 7.4230032)).isLessThan(200);
  }

  @Test
  void aStreetNamedOnlyByAddressesIsFoundAtThem() {
    // "Chemin de la Rousse" is no highway of the extract: only an address names it.
    Geocoded found =
        geocoder.find(new AddressQuery("Chemin de la Rousse", null, null)).orElseThrow();
    assertThat(found.precision()).isEqualTo(Precision.STREET);
    assertThat(found.matched()).startsWith("Chemin de la Rousse");
  }

  @Test
  void aStreetIsLabelledAsTheHighwaySpellsIt() {
    // An address spells it "Avenue saint laurent", the highway "Avenue Saint-Laurent".
    assertThat(geocoder.find(new AddressQuery("Avenue Saint Laurent", null, null)))
        .get()
        .extracting(Geocoded::matched)
        .isEqualTo("Avenue Saint-Laurent");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "   ",
        ",,,",
        "15",
        "@@@ ###",
        "15 Rue de Nulle Part",
        "Rue de Nulle Part 5",
        "Monaco",
        "\u0000\uFFFF\uD800",
      })
  void findsNothingForNoStreetOfTheMap(String line) {
    assertThat(geocoder.find(new AddressQuery(line, line, line))).isEmpty();
  }

  @Test
  void aNullQueryFindsNothing() {
    assertThat(geocoder.find(null)).isEmpty();
    assertThat(geocoder.find(new AddressQuery(null, null, null))).isEmpty();
  }

  @Test
  void aMapWithMoreAddressesThanAllowedIsRefusedNotReadIntoTheHeap() {
    assertThatThrownBy(
            () ->
                Geocoder.builder()
                    .osmFile(GraphLoader.bundledMonaco(dir))
                    .maxAddresses(100)
                    .build())
        .isInstanceOf(RoadDataException.class)
        .hasMessageContaining("monaco-latest.osm.pbf")
        .hasMessageContaining("more than 100 addresses");
    assertThat(
            Geocoder.builder()
                .osmFile(GraphLoader.bundledMonaco(dir))
                .maxAddresses(240)
                .build()
                .addresses())
        .as("Monaco's 240 fit in 240")
        .isEqualTo(240);
  }

  @Test
  void aMissingFileIsARoadDataExceptionNamingIt() {
    Path missing = dir.resolve("nowhere.osm.pbf");
    assertThatThrownBy(() -> Geocoder.builder().osmFile(missing).build())
        .isInstanceOf(RoadDataException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aDamagedFileIsARoadDataExceptionNamingIt() throws Exception {
    byte[] monaco = Files.readAllBytes(GraphLoader.bundledMonaco(dir));
    Path truncated = dir.resolve("truncated.osm.pbf");
    Files.write(truncated, Arrays.copyOf(monaco, monaco.length / 2));
    Path garbage = dir.resolve("garbage.osm.pbf");
    Files.writeString(garbage, "not a map");
    for (Path damaged : new Path[] {truncated, garbage}) {
      assertThatThrownBy(() -> Geocoder.builder().osmFile(damaged).build())
          .isInstanceOf(RoadDataException.class)
          .hasMessageContaining(damaged.toString());
    }
  }

  @Test
  void aBuilderWithoutAFileFails() {
    assertThatThrownBy(() -> Geocoder.builder().build()).isInstanceOf(IllegalStateException.class);
  }

  private static double metres(Geocoded g, double lat, double lng) {
    return metres(g.lat(), g.lng(), lat, lng);
  }

  /** Great-circle distance, independent of the code under test. */
  static double metres(double lat1, double lng1, double lat2, double lng2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLng = Math.toRadians(lng2 - lng1);
    double a =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
  }
}
