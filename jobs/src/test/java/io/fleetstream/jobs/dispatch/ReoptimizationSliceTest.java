package io.fleetstream.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fleetstream.jobs.optimize.ReoptimizeRequest;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.Pickup;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import io.fleetstream.schemas.state.StopKey;
import io.fleetstream.schemas.state.ZonePlanMeta;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A large zone is re-solved a slice of whole routes at a time, so each solve fits its budget. */
class ReoptimizationSliceTest {

  private static final Instant T0 = Instant.parse("2026-05-08T08:00:00Z");

  @Test
  void aSmallZoneIsReSolvedWhole() {
    InMemoryZoneState zone = zone(10, 5, 3);
    ReoptimizeRequest request = ReplanRequests.of("acct", "z", ZonePlanMeta.initial(), zone);
    assertThat(request.jobs()).hasSize(53);
    assertThat(request.drivers()).hasSize(10);
  }

  @Test
  void aDriverSilentForTenMinutesBeforeTheZonesNewestReportIsLeftOutOfTheReSolve() {
    InMemoryZoneState zone = zone(3, 1, 0);
    zone.putDriver("d0", zone.drivers.get("d0").at(GeoPoint.of(43.73, 7.42), T0));
    zone.putDriver(
        "d1", zone.drivers.get("d1").at(GeoPoint.of(43.73, 7.42), T0.plus(Duration.ofMinutes(11))));

    ReoptimizeRequest request = ReplanRequests.of("acct", "z", ZonePlanMeta.initial(), zone);

    // d2 never reported a position: it is not judged by telemetry.
    assertThat(request.drivers())
        .extracting(DriverData::driverId)
        .containsExactlyInAnyOrder("d1", "d2");
  }

  @Test
  void aReSolveStartsEachDriverWhereTheirLastSampledPingPutThem() {
    InMemoryZoneState zone = zone(2, 1, 0);
    zone.putDriver("d0", zone.drivers.get("d0").at(GeoPoint.of(43.7777, 7.4444), T0));

    ReoptimizeRequest request = ReplanRequests.of("acct", "z", ZonePlanMeta.initial(), zone);

    assertThat(request.drivers())
        .extracting(DriverData::driverId, DriverData::startLocation)
        .containsExactlyInAnyOrder(
            tuple("d0", GeoPoint.of(43.7777, 7.4444)),
            tuple("d1", zone.drivers.get("d1").driver().startLocation()));
  }

  @Test
  void aLargeZoneIsReSolvedAsWholeRoutesOfSomeDriversPlusTheOldestPendingJobs() {
    InMemoryZoneState zone = zone(100, 6, 40);
    ReoptimizeRequest request = ReplanRequests.of("acct", "z", ZonePlanMeta.initial(), zone);

    assertThat(request.jobs().size()).isLessThanOrEqualTo(ReplanRequests.MAX_REOPTIMIZED_JOBS);
    assertThat(request.drivers()).isNotEmpty().hasSizeLessThan(100);
    Set<String> inRequest = new HashSet<>();
    request.jobs().forEach(j -> inRequest.add(j.jobId()));
    for (DriverData d : request.drivers()) {
      assertThat(inRequest)
          .as("a sliced driver comes with the whole route")
          .containsAll(zone.drivers.get(d.driverId()).jobIds());
    }
    Set<String> sliced = new HashSet<>();
    request.drivers().forEach(d -> sliced.add(d.driverId()));
    for (JobData j : request.jobs()) {
      JobState state = zone.jobs.get(j.jobId());
      assertThat(state.status() == JobStatus.PENDING || sliced.contains(state.driverId()))
          .as("%s is pending or held by a driver of the slice", j.jobId())
          .isTrue();
    }
    assertThat(request.jobs())
        .extracting(JobData::jobId)
        .as("the oldest pending jobs come first")
        .contains("pending_0");
  }

  @Test
  void aZoneOfThousandsOfIdleDriversSendsAFewOfThemWithEveryDriverWhoHoldsJobs() {
    InMemoryZoneState zone = zone(20, 4, 30);
    for (int d = 0; d < 10_000; d++) {
      DriverData idle =
          new DriverData(
              "idle" + d, null, null, null, GeoPoint.of(43.73, 7.42), null, null, null, 8, "z");
      zone.putDriver("idle" + d, new DriverState(idle, true, List.of()));
    }

    ReoptimizeRequest request = ReplanRequests.of("acct", "z", ZonePlanMeta.initial(), zone);

    assertThat(request.drivers().stream().filter(d -> d.driverId().startsWith("idle")))
        .hasSize(ReplanRequests.MAX_IDLE_DRIVERS);
    assertThat(request.drivers().stream().filter(d -> !d.driverId().startsWith("idle")))
        .as("the 80 held jobs fit one solve: every driver holding one is in it")
        .hasSize(20);
    assertThat(request.jobs()).hasSize(20 * 4 + 30);
  }

  @Test
  void pairsWithTheirPickupToMakeAreReplannedAsPairsStopByStopAndOnlyALockedOneHoldsItsRoute() {
    InMemoryZoneState zone = zone(4, 2, 1);
    Pickup pickup = new Pickup(GeoPoint.of(43.74, 7.43), null, null);
    zone.putJob(
        "pair_waiting",
        new JobState(
            job("pair_waiting", 7).withDelivery(pickup, null, null, null),
            JobStatus.PENDING,
            null,
            "TIME_WINDOW",
            T0));
    // d0 collects d0_j1's goods, serves d0_j0, then delivers d0_j1.
    pair(zone, "d0_j1", pickup);
    zone.putDriver(
        "d0",
        zone.drivers
            .get("d0")
            .withStops(
                List.of(StopKey.pickupOf("d0_j1"), StopKey.at("d0_j0"), StopKey.at("d0_j1"))));
    // d1 has d1_j0's goods on board (started); d2 holds a locked pair still to collect.
    pair(zone, "d1_j0", pickup);
    zone.putJob("d1_j0", zone.jobs.get("d1_j0").started());
    pair(zone, "d2_j0", pickup);
    zone.putJob("d2_j0", zone.jobs.get("d2_j0").withLocked(true));

    ReoptimizeRequest request = ReplanRequests.of("acct", "z", ZonePlanMeta.initial(), zone);

    assertThat(request.drivers())
        .extracting(DriverData::driverId)
        .as("a locked pair pins its stops together, which would move d2's pickup: d2 stays as is")
        .containsExactly("d0", "d1", "d3");
    assertThat(request.jobs())
        .extracting(JobData::jobId)
        .containsExactlyInAnyOrder(
            "d0_j0", "d0_j1", "d1_j0", "d1_j1", "d3_j0", "d3_j1", "pending_0", "pair_waiting");
    assertThat(request.pairs())
        .as("pickups still to make; d1_j0's goods are on board: one more visit, pinned")
        .containsExactlyInAnyOrder("d0_j1", "pair_waiting");
    assertThat(request.pinned().get("d1")).containsExactly("d1_j0");
    assertThat(request.stops()).containsOnlyKeys("d0");
    assertThat(request.refsOf("d0"))
        .as("the warm start keeps the pickup where d0 has it, not just before its delivery")
        .containsExactly(
            StopRef.pickup("d0_j1"), StopRef.service("d0_j0"), StopRef.dropoff("d0_j1"));
    assertThat(request.refsOf("d1"))
        .containsExactly(StopRef.service("d1_j0"), StopRef.service("d1_j1"));
  }

  private static void pair(InMemoryZoneState zone, String id, Pickup pickup) {
    JobState held = zone.jobs.get(id);
    zone.putJob(id, held.withJob(held.job().withDelivery(pickup, null, null, null)));
  }

  @Test
  void aFreeDriverIsOnTheWayToTheirNextJobButNotToOneOpeningHoursLater() {
    Instant now = Instant.now();
    InMemoryZoneState zone = zone(3, 2, 0);
    // d0 is on d0_j0 (started): what comes after it is not under way yet.
    zone.putJob("d0_j0", zone.jobs.get("d0_j0").started());
    // d2's next job opens in two hours: d2 has not left for it.
    opening(zone, "d2_j0", now.plus(Duration.ofHours(2)));
    // d1's next job opened ten minutes ago (and is open for an hour): d1 is driving to it.
    opening(zone, "d1_j0", now.minus(Duration.ofMinutes(10)));

    ReoptimizeRequest request = ReplanRequests.of("acct", "z", ZonePlanMeta.initial(), zone);

    assertThat(request.pinned().get("d0")).containsExactly("d0_j0");
    assertThat(request.pinned().get("d1")).isEmpty();
    assertThat(request.underWay())
        .as("d0 is on a job, d2's next one opens in two hours: only d1 is driving to one")
        .containsExactly(java.util.Map.entry("d1", "d1_j0"));
  }

  /** Gives the zone's job {@code id} a window of an hour opening at {@code opens}. */
  private static void opening(InMemoryZoneState zone, String id, Instant opens) {
    JobData job = zone.jobs.get(id).job();
    JobData windowed =
        new JobData(
            id,
            null,
            job.location(),
            job.serviceMinutes(),
            null,
            List.of(
                new TimeWindow(
                    opens.atOffset(ZoneOffset.UTC),
                    opens.plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC))),
            null,
            null,
            job.zone());
    zone.putJob(id, zone.jobs.get(id).withJob(windowed));
  }

  private static InMemoryZoneState zone(int drivers, int jobsEach, int pending) {
    InMemoryZoneState zone = new InMemoryZoneState();
    for (int d = 0; d < drivers; d++) {
      List<String> held = new ArrayList<>();
      for (int k = 0; k < jobsEach; k++) {
        String id = "d" + d + "_j" + k;
        held.add(id);
        zone.putJob(id, new JobState(job(id, d), JobStatus.ASSIGNED, "d" + d, null, T0));
      }
      DriverData driver =
          new DriverData(
              "d" + d,
              null,
              null,
              null,
              GeoPoint.of(43.73 + d * 1e-4, 7.42),
              null,
              null,
              null,
              jobsEach + 2,
              "z");
      zone.putDriver("d" + d, new DriverState(driver, true, held));
    }
    for (int p = 0; p < pending; p++) {
      zone.putJob(
          "pending_" + p,
          new JobState(
              job("pending_" + p, p), JobStatus.PENDING, null, "MAX_STOPS", T0.plusSeconds(p)));
    }
    return zone;
  }

  private static JobData job(String id, int i) {
    return new JobData(
        id, null, GeoPoint.of(43.73 + i * 1e-4, 7.421), 10.0, null, null, null, null, "z");
  }
}
