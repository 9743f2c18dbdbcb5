package io.fleetstream.deploy.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** A late visit costs what a missed one does; driving is counted in minutes. */
class DayOutcomeTest {

  @Test
  void costIsDrivingMinutesPlusAnHourPerJobLateOrUnserved() {
    DayOutcome onTime = new DayOutcome(12_000, 1_800, 10, 0, 0);
    DayOutcome oneLate = new DayOutcome(12_000, 1_800, 10, 1, 0);
    DayOutcome oneUnserved = new DayOutcome(11_000, 1_700, 9, 0, 1);

    assertThat(onTime.cost()).isCloseTo(30, within(1e-9));
    assertThat(onTime.drivingKm()).isCloseTo(12, within(1e-9));
    assertThat(oneLate.cost()).isCloseTo(90, within(1e-9));
    assertThat(oneUnserved.cost()).isCloseTo(1_700 / 60.0 + 60, within(1e-9));
  }
}
