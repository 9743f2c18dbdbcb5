package io.fleetstream.jobs.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.TelemetryData;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The planner hears of a driver's first ping, then of a move of 250 m or a minute's passing, not of
 * every ping.
 */
class PositionSamplerTest {

  private static final Instant T0 = Instant.parse("2026-05-08T16:00:00Z");
  private final PositionSampler sampler =
      new PositionSampler(DispatchJobConfig.Tracking.defaults());

  @Test
  void aDriversFirstPingGoesThroughThenOnlyMovesOfTheSampleDistance() {
    assertThat(sampler.filter(ping("acct", "d1", 43.7000, T0))).isTrue();
    assertThat(sampler.filter(ping("acct", "d1", 43.7010, T0.plusSeconds(5))))
        .as("111 m")
        .isFalse();
    assertThat(sampler.filter(ping("acct", "d1", 43.7020, T0.plusSeconds(10))))
        .as("222 m")
        .isFalse();
    assertThat(sampler.filter(ping("acct", "d1", 43.7030, T0.plusSeconds(15))))
        .as("334 m")
        .isTrue();
    assertThat(sampler.filter(ping("acct", "d1", 43.7040, T0.plusSeconds(20))))
        .as("111 m from the last let through")
        .isFalse();
  }

  @Test
  void aDriverStandingStillIsSampledOncePerInterval() {
    assertThat(sampler.filter(ping("acct", "d1", 43.7000, T0))).isTrue();
    assertThat(sampler.filter(ping("acct", "d1", 43.7000, T0.plusSeconds(59)))).isFalse();
    assertThat(sampler.filter(ping("acct", "d1", 43.7000, T0.plus(Duration.ofSeconds(60)))))
        .isTrue();
  }

  @Test
  void aLateOrRepeatedPingIsNeverLetThrough() {
    assertThat(sampler.filter(ping("acct", "d1", 43.7000, T0))).isTrue();
    assertThat(sampler.filter(ping("acct", "d1", 43.8000, T0.minusSeconds(120)))).isFalse();
    assertThat(sampler.filter(ping("acct", "d1", 43.8000, T0))).isFalse();
  }

  @Test
  void driversOfDifferentTenantsAreSampledApart() {
    assertThat(sampler.filter(ping("acct", "d1", 43.7000, T0))).isTrue();
    assertThat(sampler.filter(ping("other", "d1", 43.7000, T0))).isTrue();
    assertThat(sampler.filter(ping("other", "d1", 43.7000, T0.plusSeconds(1)))).isFalse();
  }

  /** A ping at longitude 7.4 (Monaco): only the latitude moves. */
  static CloudEvent ping(String tenant, String driverId, double lat, Instant at) {
    return CloudEvent.create(
        EventType.TELEMETRY_PING,
        "/test",
        tenant,
        driverId,
        new TelemetryData(driverId, lat, 7.4000, 8.0, null, 5.0, at));
  }
}
