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

/**
 * The day decided as it comes: nothing is planned before it arrives, a driver who left for a job is
 * not turned around, and everything is measured like the hindsight plan.
 */
class RollingPlanTest {

  private static final GeoPoint FONTVIEILLE = new GeoPoint(43.7297, 7.4139, null);
  private static final GeoPoint LARVOTTO = new GeoPoint(43.7460, 7.4369, null);
  private static final Duration LIMIT = Duration.ofMillis(300);

  @TempDir static Path graphDir;
  private static RoadNetwork road;
  private static TravelMatrix legs;

  @BeforeAll
  static void load() {
    road = RoadNetwork.load(RoadConfig.defaults().withDataDir(graphDir));
    legs = road.matrix(List.of(location(FONTVIEILLE), location(LARVOTTO)));
  }

  @AfterAll
  static void close() {
    road.close();
  }

  @Test
  void aJobNextToTheDriverThatArrivesOnceTheyLeftCostsTheDriveBack() {
    // The driver leaves Fontvieille for Larvotto at 10 s; a job at Fontvieille arrives at 60 s,
    // minutes before they get there. Hindsight serves it first, without driving; the day decided
    // as it comes cannot.
    Day day =
        day(
            job("far", Duration.ofSeconds(10), LARVOTTO),
            job("near", Duration.ofSeconds(60), FONTVIEILLE));

    DayOutcome rolling = RollingPlan.solve(day, road, LIMIT).outcome();
    DayOutcome hindsight = Hindsight.solve(day, road, LIMIT).outcome();

    assertThat(legs.seconds(0, 1))
        .as("the drive outlasts the 50 s until the next job")
        .isGreaterThan(50);
    assertThat(rolling.served()).isEqualTo(2);
    assertThat(rolling.late() + rolling.unserved()).isZero();
    assertThat(rolling.drivingMetres())
        .isCloseTo(legs.metres(0, 1) + legs.metres(1, 0), within(1.0));
    assertThat(rolling.drivingSeconds())
        .isCloseTo(legs.seconds(0, 1) + legs.seconds(1, 0), within(0.01));
    assertThat(hindsight.drivingMetres()).isCloseTo(legs.metres(0, 1), within(1.0));
  }

  @Test
  void aJobThatArrivesBeforeTheDriverLeavesIsPlannedWithTheFirst() {
    // Both jobs are known at 10 s: the driver serves the one where they stand, then drives once.
    Day day =
        day(
            job("far", Duration.ofSeconds(10), LARVOTTO),
            job("near", Duration.ofSeconds(10), FONTVIEILLE));

    DayOutcome rolling = RollingPlan.solve(day, road, LIMIT).outcome();

    assertThat(rolling.served()).isEqualTo(2);
    assertThat(rolling.drivingMetres()).isCloseTo(legs.metres(0, 1), within(1.0));
  }

  @Test
  void aJobNobodyCanReachInTimeIsUnserved() {
    Day day =
        new Day(
            1,
            Duration.ofMinutes(5),
            Duration.ofMinutes(60),
            List.of(new Day.Driver("d1", FONTVIEILLE, List.of())),
            List.of(
                new Day.Job(
                    "j1",
                    Duration.ofSeconds(10),
                    LARVOTTO,
                    Duration.ofMinutes(2),
                    3,
                    Duration.ofSeconds(5),
                    List.of())));

    DayOutcome rolling = RollingPlan.solve(day, road, LIMIT).outcome();

    assertThat(rolling.served()).isZero();
    assertThat(rolling.unserved()).isEqualTo(1);
    assertThat(rolling.drivingMetres()).isZero();
  }

  @Test
  void aGeneratedDayIsServedOnceEachWithoutLateJobs() {
    Day day = Day.generate(5, 25, 4, Duration.ofMinutes(20));

    DayOutcome o = RollingPlan.solve(day, road, LIMIT).outcome();

    assertThat(o.served() + o.unserved()).isEqualTo(25);
    assertThat(o.served()).as("a generous day is mostly servable").isGreaterThan(20);
    assertThat(o.late()).isZero();
    assertThat(o.drivingKm()).isPositive();
  }

  private static Day day(Day.Job... jobs) {
    return new Day(
        1,
        Duration.ofMinutes(5),
        Duration.ofMinutes(60),
        List.of(new Day.Driver("d1", FONTVIEILLE, List.of())),
        List.of(jobs));
  }

  private static Day.Job job(String id, Duration arrival, GeoPoint where) {
    return new Day.Job(
        id, arrival, where, Duration.ofMinutes(2), 3, Duration.ofMinutes(30), List.of());
  }

  private static Location location(GeoPoint p) {
    return new Location(p.lat(), p.lng());
  }
}
