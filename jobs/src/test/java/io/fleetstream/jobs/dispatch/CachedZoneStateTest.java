package io.fleetstream.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A pending job set aside (no road reaches it) leaves the pending list every driver's gain reads,
 * stays a job of the zone, and comes back as soon as it is written again.
 */
class CachedZoneStateTest {

  private static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");

  private final CachedZoneState.Zone zone = new CachedZoneState.Zone();

  @Test
  void aJobSetAsideIsNoLongerPendingButStillInTheZone() {
    zone.put("j1", pending("j1"));
    zone.put("j2", pending("j2"));

    zone.setAside("j1");

    assertThat(zone.pending()).containsOnlyKeys("j2");
    assertThat(zone.jobs()).containsOnlyKeys("j1", "j2");
    assertThat(zone.setAside()).containsExactly("j1");
  }

  @Test
  void writingTheJobAgainBringsItBack() {
    zone.put("j1", pending("j1"));
    zone.setAside("j1");

    zone.put("j1", pending("j1")); // changed: it may have moved within reach

    assertThat(zone.pending()).containsOnlyKeys("j1");
    assertThat(zone.setAside()).isEmpty();
  }

  @Test
  void onlyAPendingJobCanBeSetAsideAndRemovalForgetsIt() {
    zone.put("j1", new JobState(job("j1"), JobStatus.ASSIGNED, "d1", null, T0));
    zone.setAside("j1");
    assertThat(zone.setAside()).as("an assigned job is not set aside").isEmpty();

    zone.put("j2", pending("j2"));
    zone.setAside("j2");
    zone.remove("j2");
    assertThat(zone.setAside()).isEmpty();
    assertThat(zone.jobs()).containsOnlyKeys("j1");
  }

  private static JobState pending(String id) {
    return new JobState(job(id), JobStatus.PENDING, null, "UNREACHABLE", T0);
  }

  private static JobData job(String id) {
    return new JobData(id, null, GeoPoint.of(43.73, 7.42), 10.0, null, null, null, null, "z");
  }
}
