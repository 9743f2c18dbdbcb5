package io.fleetstream.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.DriverStatusData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.events.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sampled pings move drivers in the planner: decisions start routes where drivers are, and drift
 * rescores late jobs.
 */
class DriverPositionsTest {

  private static final Instant NOW = Instant.parse("2026-05-08T16:00:00Z");
  private final InMemoryZoneState state = new InMemoryZoneState();
  private final ZoneDispatcher dispatcher =
      new ZoneDispatcher("acct", "z1", state, Clock.fixed(NOW, ZoneOffset.UTC));
  private int sequence;

  @Test
  void aNewJobGoesToTheDriverWhoIsNearItNowNotToTheOneWhoseShiftStartedNearer() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.DRIVER_CREATED, driver("d2", 43.8000, 7.4000));
    apply(EventType.TELEMETRY_PING, ping("d1", 43.7850, 7.4000, NOW.minusSeconds(30)));
    apply(EventType.TELEMETRY_PING, ping("d2", 43.6000, 7.4000, NOW.minusSeconds(30)));

    List<CloudEvent> out =
        dispatcher.apply(event(EventType.JOB_CREATED, job("j1", 43.7900, 7.4000, null)));

    assertThat(out.get(0).data(AssignmentData.class).driverId()).isEqualTo("d1");
    AuditDecisionData audit = out.get(1).data(AuditDecisionData.class);
    assertThat(audit.candidates().get(0).distanceM())
        .as("measured from where d1 is, 556 m")
        .isBetween(500.0, 600.0);
  }

  @Test
  void aDriverSilentForMoreThanTenMinutesGetsNoNewJobEvenWhenNearest() {
    apply(EventType.DRIVER_CREATED, driver("near", 43.7000, 7.4000));
    apply(EventType.DRIVER_CREATED, driver("far", 43.8000, 7.4000));
    apply(
        EventType.TELEMETRY_PING, ping("near", 43.7890, 7.4000, NOW.minus(Duration.ofMinutes(11))));
    apply(EventType.TELEMETRY_PING, ping("far", 43.7000, 7.4000, NOW.minus(Duration.ofMinutes(1))));

    List<CloudEvent> out =
        dispatcher.apply(event(EventType.JOB_CREATED, job("j1", 43.7900, 7.4000, null)));

    assertThat(out.get(0).data(AssignmentData.class).driverId()).isEqualTo("far");
    AuditDecisionData audit = out.get(1).data(AuditDecisionData.class);
    assertThat(audit.candidates())
        .anySatisfy(
            c -> {
              assertThat(c.driverId()).isEqualTo("near");
              assertThat(c.excludedReason()).isEqualTo("SHIFT");
            });
  }

  @Test
  void aJobWaitingBecauseTheOnlyDriverFellSilentGoesToThemWhenTheyReportAgain() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.TELEMETRY_PING, ping("d1", 43.7890, 7.4000, NOW.minus(Duration.ofMinutes(30))));
    List<AssignmentData> waiting = apply(EventType.JOB_CREATED, job("j1", 43.7900, 7.4000, null));

    List<AssignmentData> back = apply(EventType.TELEMETRY_PING, ping("d1", 43.7895, 7.4000, NOW));

    assertThat(waiting)
        .singleElement()
        .satisfies(a -> assertThat(a.unassignedReason()).isEqualTo("SHIFT"));
    assertThat(back)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.jobId()).isEqualTo("j1");
              assertThat(a.driverId()).isEqualTo("d1");
            });
  }

  @Test
  void aPingOlderThanTheLastPositionDoesNotMoveTheDriverBack() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.TELEMETRY_PING, ping("d1", 43.7500, 7.4000, NOW));
    apply(EventType.TELEMETRY_PING, ping("d1", 43.6000, 7.4000, NOW.minusSeconds(10)));

    assertThat(state.drivers.get("d1").position()).isEqualTo(GeoPoint.of(43.7500, 7.4000));
    assertThat(state.drivers.get("d1").positionAt()).isEqualTo(NOW);
  }

  @Test
  void aNewShiftStartsFromTheStartLocationAgain() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.TELEMETRY_PING, ping("d1", 43.7500, 7.4000, NOW));
    apply(EventType.DRIVER_SHIFT_STARTED, new DriverStatusData("d1", NOW, null, null));

    assertThat(state.drivers.get("d1").location()).isEqualTo(GeoPoint.of(43.7000, 7.4000));
  }

  @Test
  void aPingOfADriverWhoseJobsAreAllStillReachablePublishesNothing() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.JOB_CREATED, job("promised", 43.7200, 7.4000, within(Duration.ofMinutes(25))));

    assertThat(apply(EventType.TELEMETRY_PING, ping("d1", 43.7100, 7.4000, NOW.plusSeconds(60))))
        .isEmpty();
    assertThat(state.drivers.get("d1").jobIds()).containsExactly("promised");
  }

  @Test
  void aDriverWhoDriftedTooFarLosesTheJobHeCanNoLongerMakeToADriverWhoCan() {
    // d1 takes "promised" (2.2 km, due within 25 min); then a ping puts d1 28 km away (about 73
    // min).
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.JOB_CREATED, job("promised", 43.7200, 7.4000, within(Duration.ofMinutes(25))));
    apply(EventType.JOB_CREATED, job("anytime", 43.7000, 7.4100, null));
    apply(EventType.DRIVER_CREATED, driver("d2", 43.7500, 7.4000));
    assertThat(state.drivers.get("d1").jobIds()).contains("promised");

    List<CloudEvent> out =
        dispatcher.apply(
            event(EventType.TELEMETRY_PING, ping("d1", 43.9500, 7.4000, NOW.plusSeconds(60))));

    assertThat(out).hasSize(2);
    AssignmentData moved = out.get(0).data(AssignmentData.class);
    assertThat(moved.jobId()).isEqualTo("promised");
    assertThat(moved.driverId()).isEqualTo("d2");
    assertThat(out.get(1).data(AuditDecisionData.class).causeType())
        .isEqualTo(EventType.TELEMETRY_PING.type());
    assertThat(state.drivers.get("d1").jobIds())
        .as("the job without a window is not rescored")
        .containsExactly("anytime");
    assertThat(state.jobs.get("promised").driverId()).isEqualTo("d2");
  }

  @Test
  void aLateJobNobodyElseCanMakeStaysWithItsDriverAndIsNotRescoredAtEveryPing() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.JOB_CREATED, job("promised", 43.7200, 7.4000, within(Duration.ofMinutes(25))));

    List<AssignmentData> first =
        apply(EventType.TELEMETRY_PING, ping("d1", 43.9500, 7.4000, NOW.plusSeconds(60)));
    List<AssignmentData> second =
        apply(EventType.TELEMETRY_PING, ping("d1", 43.9600, 7.4000, NOW.plusSeconds(120)));

    assertThat(first).isEmpty();
    assertThat(second).isEmpty();
    assertThat(state.drivers.get("d1").jobIds()).containsExactly("promised");
    assertThat(state.jobs.get("promised").driverId()).isEqualTo("d1");
  }

  private List<AssignmentData> apply(EventType type, EventData data) {
    return dispatcher.apply(event(type, data)).stream()
        .filter(e -> e.data() instanceof AssignmentData)
        .map(e -> e.data(AssignmentData.class))
        .toList();
  }

  private CloudEvent event(EventType type, EventData data) {
    return new CloudEvent(
        "1.0",
        "evt_" + (++sequence),
        "/test",
        type.type(),
        null,
        NOW,
        "application/json",
        "acct",
        "k",
        data);
  }

  private static TelemetryData ping(String driverId, double lat, double lng, Instant at) {
    return new TelemetryData(driverId, lat, lng, 8.0, null, 5.0, at);
  }

  private static TimeWindow within(Duration d) {
    return new TimeWindow(NOW.atOffset(ZoneOffset.UTC), NOW.plus(d).atOffset(ZoneOffset.UTC));
  }

  private static JobData job(String id, double lat, double lng, TimeWindow window) {
    return new JobData(
        id,
        null,
        GeoPoint.of(lat, lng),
        10.0,
        null,
        window == null ? null : List.of(window),
        null,
        null,
        null);
  }

  private static DriverData driver(String id, double lat, double lng) {
    return new DriverData(
        id, null, null, null, GeoPoint.of(lat, lng), null, null, null, null, null);
  }
}
