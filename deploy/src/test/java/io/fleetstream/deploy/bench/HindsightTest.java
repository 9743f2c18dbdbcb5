package io.fleetstream.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.deploy.sim.Day;
import io.fleetstream.deploy.sim.DayOutcome;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.schemas.events.GeoPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hindsight plan is measured like the live run: road driving, hard windows, unserved jobs. */
class HindsightTest {

  private static final GeoPoint FONTVIEILLE = new GeoPoint(43.7297, 7.4139, null);
  private static final GeoPoint LARVOTTO = new GeoPoint(43.7460, 7.4369, null);
  private static final Duration LIMIT = Duration.ofSeconds(1);

  @TempDir static Path graphDir;
  private static RoadNetwork road;

  @BeforeAll
  static void load() {
    road = RoadNetwork.load(RoadConfig.defaults().withDataDir(graphDir));
  }

  @AfterAll
  static void close() {
    road.close();
  }

  @Test
  void oneJobCostsTheRoadDriveToIt() {
    Day day = day(job("j1", Duration.ofMinutes(30)));

    DayOutcome o = Hindsight.solve(day, road, LIMIT).outcome();

    TravelMatrix m = road.matrix(List.of(location(FONTVIEILLE), location(LARVOTTO)));
    assertThat(o.served()).isEqualTo(1);
    assertThat(o.unserved()).isZero();
    assertThat(o.late()).isZero();
    assertThat(o.drivingMetres()).isCloseTo(m.metres(0, 1), within(1.0)).isGreaterThan(2000);
    assertThat(o.cost()).isCloseTo(m.seconds(0, 1) / 60, within(0.01));
  }

  @Test
  void aJobNobodyCanReachInTimeIsUnservedNotLate() {
    Day day = day(job("j1", Duration.ofSeconds(5)));

    DayOutcome o = Hindsight.solve(day, road, LIMIT).outcome();

    assertThat(o.served()).isZero();
    assertThat(o.unserved()).isEqualTo(1);
    assertThat(o.late()).isZero();
    assertThat(o.cost()).isEqualTo(DayOutcome.MISSED_WINDOW_PENALTY_MINUTES);
  }

  @Test
  void aGeneratedDayIsPlannedWholeWithoutLateJobs() {
    Day day = Day.generate(5, 25, 4, Duration.ofMinutes(20));

    DayOutcome o = Hindsight.solve(day, road, LIMIT).outcome();

    assertThat(o.served() + o.unserved()).isEqualTo(25);
    assertThat(o.served()).as("a generous day is mostly servable").isGreaterThan(20);
    assertThat(o.late()).isZero();
    assertThat(o.drivingKm()).isPositive();
  }

  private static Day day(Day.Job job) {
    return new Day(
        1,
        Duration.ofMinutes(5),
        Duration.ofMinutes(60),
        List.of(new Day.Driver("d1", FONTVIEILLE, List.of())),
        List.of(job));
  }

  private static Day.Job job(String id, Duration window) {
    return new Day.Job(
        id, Duration.ofSeconds(10), LARVOTTO, Duration.ofMinutes(2), 3, window, List.of());
  }

  private static Location location(GeoPoint p) {
    return new Location(p.lat(), p.lng());
  }
}
