package io.fleetstream.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.jobs.dispatch.EligibleDrivers.Eligibility;
import io.fleetstream.jobs.dispatch.EligibleDrivers.Near;
import io.fleetstream.schemas.events.AuditCandidate;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.state.DriverState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one-pass scan decides exactly what the obvious way does: filter the zone stage by stage,
 * measure every driver, sort. The reference below is that obvious way (the planner's code before
 * the scan), run on random zones where every stage stops somebody.
 */
class EligibleDriversTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void decidesLikeFilteringStageByStageOnRandomZones() {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      List<DriverState> zone = zone(random, 1 + random.nextInt(round < 100 ? 12 : 400));
      JobData job = job(random);
      Set<String> excluded = new HashSet<>();
      zone.stream().filter(d -> random.nextInt(10) == 0).forEach(d -> excluded.add(id(d)));
      DriverColumns kept = keptThroughChanges(random, zone);
      for (boolean needsRoom : List.of(true, false)) {
        for (int limit : List.of(0, 1, 32)) {
          Reference expected = Reference.of(job, zone, excluded, needsRoom, limit);
          for (DriverColumns columns : List.of(DriverColumns.of(zone), kept)) {
            Eligibility scanned =
                EligibleDrivers.scan(job, columns, NOW, excluded, needsRoom, limit);

            assertThat(scanned.reason()).isEqualTo(expected.reason());
            assertThat(scanned.inZone()).isEqualTo(expected.inZone());
            assertThat(scanned.evaluated()).isEqualTo(expected.evaluated());
            assertThat(scanned.nearest()).isEqualTo(expected.nearest());
          }
        }
      }
    }
  }

  @Test
  void nobodyInTheZoneIsNoDriverAndTheMostHopefulReasonWinsOtherwise() {
    JobData job =
        new JobData(
            "j", null, GeoPoint.of(43.73, 7.42), 10.0, null, null, List.of("gas"), null, null);
    DriverState offShift =
        new DriverState(driver("a", 43.73, 7.42, List.of("gas"), 3), false, List.of());
    DriverState unskilled =
        new DriverState(driver("b", 43.74, 7.42, List.of(), 3), true, List.of());
    DriverState full =
        new DriverState(driver("c", 43.75, 7.42, List.of("gas"), 1), true, List.of("x"));

    assertThat(scan(job, List.of(), true).reason()).isEqualTo("NO_DRIVER");
    assertThat(scan(job, List.of(offShift), true).reason()).isEqualTo("SHIFT");
    assertThat(scan(job, List.of(offShift, unskilled), true).reason()).isEqualTo("SKILL");
    Eligibility all = scan(job, List.of(full, offShift, unskilled), true);
    assertThat(all.reason()).isEqualTo("MAX_STOPS");
    assertThat(all.evaluated())
        .extracting(AuditCandidate::driverId, AuditCandidate::excludedReason)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("a", "SHIFT"),
            org.assertj.core.api.Assertions.tuple("b", "SKILL"),
            org.assertj.core.api.Assertions.tuple("c", "MAX_STOPS"));
    assertThat(scan(job, List.of(full), false).nearest())
        .extracting(n -> n.driver().driver().driverId())
        .containsExactly("c");
  }

  /**
   * Columns kept as the planner keeps them, through changes: every driver of {@code zone} added in
   * random order after an older state of some of them, and drivers not in the zone added and
   * removed again on the way (a removal moves the last slot into the gap).
   */
  private static DriverColumns keptThroughChanges(Random random, List<DriverState> zone) {
    DriverColumns columns = new DriverColumns();
    List<DriverState> shuffled = new ArrayList<>(zone);
    java.util.Collections.shuffle(shuffled, random);
    List<String> passing = new ArrayList<>();
    for (DriverState d : shuffled) {
      if (random.nextInt(4) == 0) {
        columns.put(d.withAvailable(!d.available()).at(GeoPoint.of(43.0, 7.0), NOW)); // older
      }
      if (random.nextInt(3) == 0) {
        String id = "gone-" + passing.size();
        columns.put(new DriverState(driver(id, 43.72, 7.41, List.of(), 3), true, List.of()));
        passing.add(id);
      }
      columns.put(d);
      if (!passing.isEmpty() && random.nextBoolean()) {
        columns.remove(passing.remove(random.nextInt(passing.size())));
      }
    }
    passing.forEach(columns::remove);
    columns.remove("never-there");
    return columns;
  }

  /** The planner's eligibility before the scan: a pass per stage, every distance measured. */
  private record Reference(
      List<Near> nearest, String reason, int inZone, List<AuditCandidate> evaluated) {

    static Reference of(
        JobData job, List<DriverState> zone, Set<String> excluded, boolean needsRoom, int limit) {
      List<DriverState> inZone = zone.stream().filter(d -> !excluded.contains(id(d))).toList();
      List<AuditCandidate> evaluated =
          inZone.stream()
              .map(
                  d -> {
                    double m = NearestDriverPolicy.distanceM(d.location(), job.location());
                    String why = EligibleDrivers.excludedReason(job, d, NOW, needsRoom);
                    return new AuditCandidate(
                        id(d),
                        Math.round(m * 10) / 10.0,
                        why == null ? NearestDriverPolicy.score(m) : null,
                        why);
                  })
              .sorted(
                  Comparator.comparingDouble(AuditCandidate::distanceM)
                      .thenComparing(AuditCandidate::driverId))
              .limit(AuditDecisionData.MAX_CANDIDATES)
              .toList();
      if (inZone.isEmpty()) {
        return new Reference(List.of(), "NO_DRIVER", 0, evaluated);
      }
      List<DriverState> onShift =
          inZone.stream().filter(d -> NearestDriverPolicy.onDuty(d, NOW)).toList();
      if (onShift.isEmpty()) {
        return new Reference(List.of(), "SHIFT", inZone.size(), evaluated);
      }
      List<DriverState> skilled =
          onShift.stream().filter(d -> d.driver().skills().containsAll(job.skills())).toList();
      if (skilled.isEmpty()) {
        return new Reference(List.of(), "SKILL", inZone.size(), evaluated);
      }
      List<DriverState> withRoom =
          needsRoom ? skilled.stream().filter(DriverState::hasRoom).toList() : skilled;
      if (withRoom.isEmpty()) {
        return new Reference(List.of(), "MAX_STOPS", inZone.size(), evaluated);
      }
      List<Near> nearest =
          withRoom.stream()
              .map(d -> new Near(d, NearestDriverPolicy.distanceM(d.location(), job.location())))
              .sorted(
                  Comparator.comparingDouble(Near::distanceM).thenComparing(n -> id(n.driver())))
              .limit(limit)
              .toList();
      return new Reference(nearest, null, inZone.size(), evaluated);
    }
  }

  private static Eligibility scan(JobData job, List<DriverState> drivers, boolean needsRoom) {
    return EligibleDrivers.scan(job, DriverColumns.of(drivers), NOW, Set.of(), needsRoom, 1);
  }

  private static List<DriverState> zone(Random random, int size) {
    List<DriverState> zone = new ArrayList<>();
    // Half the drivers stand on one of a few shared spots, so equal distances are ordered by id.
    List<GeoPoint> spots = new ArrayList<>();
    for (int i = 0; i < 1 + size / 10; i++) {
      spots.add(GeoPoint.of(43.72 + random.nextDouble() * 0.03, 7.41 + random.nextDouble() * 0.03));
    }
    for (int i = 0; i < size; i++) {
      GeoPoint at =
          random.nextBoolean()
              ? spots.get(random.nextInt(spots.size()))
              : GeoPoint.of(43.72 + random.nextDouble() * 0.03, 7.41 + random.nextDouble() * 0.03);
      double lat = at.lat();
      double lng = at.lng();
      List<String> skills = random.nextInt(4) == 0 ? List.of() : List.of("gas");
      int max = 1 + random.nextInt(3);
      List<String> jobs =
          random.nextInt(3) == 0 ? List.of("a", "b", "c").subList(0, max) : List.of();
      TimeWindow shift =
          random.nextInt(8) == 0
              ? new TimeWindow(
                  NOW.minus(Duration.ofHours(9)).atOffset(ZoneOffset.UTC),
                  NOW.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC))
              : null;
      String id = String.format("d%05d-%d", random.nextInt(100_000), i);
      DriverData data =
          new DriverData(
              id, null, null, null, GeoPoint.of(lat, lng), null, shift, skills, max, null);
      boolean available = random.nextInt(8) != 0;
      Instant positionAt = random.nextInt(8) == 0 ? NOW.minus(Duration.ofMinutes(30)) : NOW;
      GeoPoint position = random.nextBoolean() ? spots.get(random.nextInt(spots.size())) : null;
      zone.add(
          new DriverState(
              data, available, jobs, position, position == null ? null : positionAt, null));
    }
    return zone;
  }

  private static JobData job(Random random) {
    List<String> skills = random.nextInt(3) == 0 ? List.of("gas") : List.of();
    return new JobData(
        "job",
        null,
        random.nextBoolean()
            ? GeoPoint.of(43.72 + random.nextDouble() * 0.03, 7.41 + random.nextDouble() * 0.03)
            : GeoPoint.of(43.7205, 7.4105),
        10.0,
        null,
        null,
        skills,
        null,
        null);
  }

  private static DriverData driver(
      String id, double lat, double lng, List<String> skills, int max) {
    return new DriverData(
        id, null, null, null, GeoPoint.of(lat, lng), null, null, skills, max, null);
  }

  private static String id(DriverState d) {
    return d.driver().driverId();
  }
}
