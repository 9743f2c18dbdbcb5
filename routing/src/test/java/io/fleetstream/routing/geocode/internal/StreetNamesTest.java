package io.fleetstream.routing.geocode.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Near-miss street names: found when one street is nearest, never guessed between two. */
class StreetNamesTest {

  private final StreetNames names =
      new StreetNames(
          List.of("rue de la gare", "avenue de la costa", "rue albert", "rue alberx", "quai"));

  @Test
  void connectingWordsAndSpacesDoNotCount() {
    assertThat(names.nearest("rue gare")).contains("rue de la gare");
    assertThat(names.nearest("rue du la gare")).contains("rue de la gare");
    assertThat(StreetNames.loose("avenue de monte carlo")).isEqualTo("avenuemontecarlo");
  }

  @Test
  void aSlipOrTwoIsForgivenInLongNames() {
    assertThat(names.nearest("avenue de la cotsa")).contains("avenue de la costa");
    assertThat(names.nearest("avenue de la cost")).contains("avenue de la costa");
    assertThat(names.nearest("avenue de la xxxxx")).isEmpty();
  }

  @Test
  void aNameEquallyNearTwoStreetsIsNotGuessed() {
    assertThat(names.nearest("rue alberz")).isEmpty();
  }

  @Test
  void shortNamesMustMatchExactly() {
    assertThat(names.nearest("quay")).isEmpty();
    assertThat(names.nearest("")).isEmpty();
  }
}
