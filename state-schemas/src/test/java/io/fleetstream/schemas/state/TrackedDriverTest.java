package io.fleetstream.schemas.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A driver remembers the ids of its last pings, so a redelivered ping is known for one. */
class TrackedDriverTest {

  private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

  @Test
  void theLastFewPingIdsAreRememberedOldestFirstAndOlderOnesForgotten() {
    TrackedDriver d =
        new TrackedDriver(43.7, 7.4, null, null, T0, null, 0, "online", null, null, null);
    for (int i = 1; i <= 6; i++) {
      d = d.withPing("p" + i, 43.7, 7.4, null, null, T0.plusSeconds(i));
      int kept = Math.min(i, TrackedDriver.REMEMBERED_PING_IDS);
      assertThat(d.recentPingIds()).hasSize(kept).last().isEqualTo("p" + i);
      assertThat(d.recentPingIds().get(0)).isEqualTo("p" + (i - kept + 1));
    }
    assertThat(d.hasSeen("p6")).isTrue();
    assertThat(d.hasSeen("p3")).isTrue();
    assertThat(d.hasSeen("p2")).isFalse();

    TrackedDriver late = d.withOutOfOrderPing("p0");
    assertThat(late.recentPingIds()).containsExactly("p4", "p5", "p6", "p0");
    assertThat(late.outOfOrderPings()).isEqualTo(1);
    assertThat(late.lastPingAt()).isEqualTo(d.lastPingAt());
  }
}
