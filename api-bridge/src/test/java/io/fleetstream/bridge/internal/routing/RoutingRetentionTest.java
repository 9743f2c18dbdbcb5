package io.fleetstream.bridge.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A finished routing problem is kept 30 minutes after it finished, as seed 004 promises. */
class RoutingRetentionTest {

  private static final Instant DONE = Instant.parse("2026-06-18T15:00:00Z");

  @Test
  void aFinishedProblemIsKeptThirtyMinutesThenForgotten() {
    assertThat(RoutingProblems.expired(DONE, DONE.plus(Duration.ofMinutes(29)))).isFalse();
    assertThat(RoutingProblems.expired(DONE, DONE.plus(Duration.ofMinutes(30)))).isFalse();
    assertThat(RoutingProblems.expired(DONE, DONE.plus(Duration.ofMinutes(31)))).isTrue();
    assertThat(RoutingProblems.expired(null, DONE.plus(Duration.ofDays(1))))
        .as("a run that has not finished is never expired")
        .isFalse();
  }

  @Test
  void poundsInchesAndMilesBecomeTheContractsUnits() {
    assertThat(3000 * RoutingMapper.KG_PER_LB).isBetween(1360.7, 1360.8);
    assertThat(120 * RoutingMapper.CM_PER_INCH).isEqualTo(304.8);
    assertThat(1 / RoutingMapper.KM_PER_MILE).isBetween(0.6213, 0.6214);
  }
}
