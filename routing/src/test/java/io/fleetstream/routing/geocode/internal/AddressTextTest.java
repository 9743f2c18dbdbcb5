package io.fleetstream.routing.geocode.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Normalization of street names and numbers, and taking an address line apart. */
class AddressTextTest {

  @Test
  void foldsCaseAccentsAndPunctuation() {
    assertThat(AddressText.normalize("  Avenue  d'Ostende ")).isEqualTo("avenue d ostende");
    assertThat(AddressText.normalize("Quai Jean-Charles Rey")).isEqualTo("quai jean charles rey");
    assertThat(AddressText.normalize("Chemin des Révoires")).isEqualTo("chemin des revoires");
    assertThat(AddressText.normalize("Quai de l’Hirondelle")).isEqualTo("quai de l hirondelle");
    assertThat(AddressText.normalize("Musterstraße")).isEqualTo("musterstrasse");
    assertThat(AddressText.normalize("St. Paul/Minneapolis")).isEqualTo("st paul minneapolis");
    assertThat(AddressText.normalize(null)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "Avenue de Monte-Carlo, av. de monte carlo",
    "Avenue de Monte-Carlo, AVENUE DE MONTE-CARLO",
    "Avenue de Monte-Carlo, Ave de Monte Carlo",
    "Boulevard du Ténao, bd du tenao",
    "Boulevard du Ténao, Blvd. du Tenao",
    "Place du Casino, pl. du casino",
    "Musterstraße, Musterstr.",
    "Musterstraße, musterstrasse",
    "Mission Street, Mission St",
    "Mission Street, mission st.",
    "Abbey Road, Abbey Rd",
    "Mulholland Drive, Mulholland Dr",
    "Penny Lane, Penny Ln",
  })
  void variantsOfOneStreetShareAKey(String name, String variant) {
    assertThat(AddressText.streetKey(variant)).isEqualTo(AddressText.streetKey(name));
  }

  @Test
  void stIsStreetOnlyAtTheEndAndAbbreviationsOnlyAtEitherEnd() {
    assertThat(AddressText.streetKey("St Mary Street")).isEqualTo("st mary street");
    assertThat(AddressText.streetKey("Rue St Jean")).isEqualTo("rue st jean");
    assertThat(AddressText.streetKey("Rue du Dr Roux")).isEqualTo("rue du dr roux");
    assertThat(AddressText.streetKey("Avenue Pasteur")).isEqualTo("avenue pasteur");
  }

  @Test
  void houseNumbersAndTheirKeys() {
    assertThat(AddressText.numberKey("4 bis")).isEqualTo("4bis");
    assertThat(AddressText.numberKey("34 b")).isEqualTo("34b");
    assertThat(AddressText.numberKeys("7;9")).containsExactly("7", "9");
    assertThat(AddressText.numberKeys("17-19")).containsExactly("17-19", "17", "19");
    assertThat(AddressText.leadingInt("16-18")).isEqualTo(16);
    assertThat(AddressText.leadingInt("4bis")).isEqualTo(4);
    assertThat(AddressText.leadingInt("b")).isEqualTo(-1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "15 Avenue de Monte-Carlo    | 15    | avenue de monte carlo",
        "15, Avenue de Monte-Carlo   | 15    | avenue de monte carlo",
        "16-18 Rue du Portier        | 16-18 | rue du portier",
        "4bis Rue des Roses          | 4bis  | rue des roses",
        "4 bis Rue des Roses         | 4bis  | rue des roses",
        "Musterstrasse 5             | 5     | musterstrasse",
        "Musterstraße 5a             | 5a    | musterstrasse",
        "Musterstr. 5 a              | 5a    | musterstrasse",
        "123 Mission St              | 123   | mission street",
        "Avenue du 3 Septembre       | ''    | avenue du 3 septembre",
        "Boulevard Albert 1er        | ''    | boulevard albert 1er",
        "12 Avenue du 3 Septembre    | 12    | avenue du 3 septembre",
        "Rue de la Turbie            | ''    | rue de la turbie",
      })
  void takesTheNumberFromEitherEnd(String line, String number, String street) {
    ParsedLine parsed = ParsedLine.parse(line);
    assertThat(parsed.number()).isEqualTo(number);
    assertThat(parsed.street()).isEqualTo(street);
  }

  @Test
  void missionStAndMissionStreetAreOneStreet() {
    assertThat(ParsedLine.parse("123 Mission St").street())
        .isEqualTo(ParsedLine.parse("Mission Street 123").street());
  }

  @Test
  void aOneLineAddressGivesItsPostcodeAndCity() {
    ParsedLine parsed = ParsedLine.parse("15 Avenue de Monte-Carlo, 98000 Monaco");
    assertThat(parsed)
        .isEqualTo(
            new ParsedLine(
                "15", "avenue de monte carlo", "15 avenue de monte carlo", "98000", "monaco"));
    ParsedLine us = ParsedLine.parse("123 Mission St, San Francisco, CA 94105");
    assertThat(us.postcode()).isEqualTo("94105");
    assertThat(us.city()).isEqualTo("san francisco");
  }

  @Test
  void blankAndOddLinesParseToNothingUseful() {
    assertThat(ParsedLine.parse(null).street()).isEmpty();
    assertThat(ParsedLine.parse("  , ,").street()).isEmpty();
    assertThat(ParsedLine.parse("15").number()).isEmpty();
    assertThat(ParsedLine.parse("!!!").street()).isEmpty();
  }
}
