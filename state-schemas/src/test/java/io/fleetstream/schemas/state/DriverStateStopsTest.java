package io.fleetstream.schemas.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A route with a pickup still to make keeps its stops in step with every change of its jobs. */
class DriverStateStopsTest {

  private static final DriverState EMPTY =
      new DriverState(
          new DriverData(
              "d1", null, null, null, GeoPoint.of(43.73, 7.41), null, null, null, null, null),
          true,
          List.of());

  /** Route: pickup of p, a, delivery of p. */
  private static final DriverState WITH_PAIR =
      EMPTY
          .plusJob("a")
          .withStops(List.of(StopKey.pickupOf("p"), StopKey.at("a"), StopKey.at("p")));

  @Test
  void placingAPairKeepsJobIdsInDeliveryOrder() {
    assertThat(WITH_PAIR.jobIds()).containsExactly("a", "p");
    assertThat(WITH_PAIR.stopOrder())
        .containsExactly(StopKey.pickupOf("p"), StopKey.at("a"), StopKey.at("p"));
  }

  @Test
  void aJobInsertedByJobPositionGoesBeforeEveryStopOfTheJobThatHeldThePlace() {
    DriverState d = WITH_PAIR.withJobAt(1, "b");

    assertThat(d.jobIds()).containsExactly("a", "b", "p");
    assertThat(d.stopOrder())
        .as("b takes p's place: before p's pickup")
        .containsExactly(StopKey.pickupOf("p"), StopKey.at("a"), StopKey.at("b"), StopKey.at("p"));
  }

  @Test
  void appendingAddsOneStopAtTheEnd() {
    assertThat(WITH_PAIR.plusJob("b").stopOrder())
        .containsExactly(StopKey.pickupOf("p"), StopKey.at("a"), StopKey.at("p"), StopKey.at("b"));
  }

  @Test
  void removingAPairRemovesBothItsStopsAndThenNoStopsAreKept() {
    DriverState d = WITH_PAIR.minusJob("p");

    assertThat(d.jobIds()).containsExactly("a");
    assertThat(d.stops()).isNull();
    assertThat(d.stopOrder()).containsExactly(StopKey.at("a"));
  }

  @Test
  void pickedUpLeavesTheDeliveryWhereItWas() {
    DriverState d = WITH_PAIR.plusJob("b").pickedUp("p");

    assertThat(d.stops()).isNull();
    assertThat(d.stopOrder()).containsExactly(StopKey.at("a"), StopKey.at("p"), StopKey.at("b"));
  }

  @Test
  void aNewJobOrderPutsEachPickupJustBeforeItsDelivery() {
    DriverState d = WITH_PAIR.withJobIds(List.of("p", "a"));

    assertThat(d.stopOrder())
        .containsExactly(StopKey.pickupOf("p"), StopKey.at("p"), StopKey.at("a"));
  }

  @Test
  void otherChangesKeepTheStops() {
    DriverState d =
        WITH_PAIR.withAvailable(false).at(GeoPoint.of(43.74, 7.42), null).finished(true);

    assertThat(d.stopOrder()).isEqualTo(WITH_PAIR.stopOrder());
  }

  @Test
  void heldJobsMissingFromAGivenOrderKeepTheirPlaceAfterIt() {
    DriverState d = EMPTY.plusJob("x").withStops(List.of(StopKey.pickupOf("p"), StopKey.at("p")));

    assertThat(d.jobIds()).containsExactly("p", "x");
    assertThat(d.stopOrder())
        .containsExactly(StopKey.pickupOf("p"), StopKey.at("p"), StopKey.at("x"));
  }
}
