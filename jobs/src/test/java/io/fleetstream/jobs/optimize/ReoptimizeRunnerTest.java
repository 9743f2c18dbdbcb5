package io.fleetstream.jobs.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.ReplanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A zone re-solved from its current plan: better plans are proposed, pinned jobs stay first. */
class ReoptimizeRunnerTest {

  private static final GeoPoint WEST = GeoPoint.of(43.7280, 7.4150);
  private static final GeoPoint EAST = GeoPoint.of(43.7480, 7.4380);
  private ReoptimizeRunner runner;

  @BeforeEach
  void open() {
    runner = new ReoptimizeRunner(null, Duration.ofMillis(500), 1, 1.0);
    runner.open(DefaultOpenContext.INSTANCE);
  }

  @AfterEach
  void close() {
    runner.close();
  }

  @Test
  void crossedRoutesAreUncrossedAndThePinnedJobStaysFirst() {
    // West's driver holds the east jobs and the other way round; w1 is in progress and must stay.
    ReoptimizeRequest request =
        request(
            Map.of("d_west", List.of("w1", "e1", "e2"), "d_east", List.of("w2", "w3")),
            Map.of("d_west", List.of("w1"), "d_east", List.of()));

    List<CloudEvent> out = runner.propose(request);

    assertThat(out)
        .singleElement()
        .satisfies(
            e -> {
              ReplanData replan = e.data(ReplanData.class);
              assertThat(replan.planVersion()).isEqualTo(7);
              assertThat(replan.proposedCost()).isLessThan(replan.currentCost());
              assertThat(replan.improvement()).isGreaterThan(0.2);
              assertThat(jobsOf(replan, "d_west"))
                  .startsWith("w1")
                  .contains("w2", "w3")
                  .doesNotContain("e1", "e2");
              assertThat(jobsOf(replan, "d_east")).containsExactlyInAnyOrder("e1", "e2");
            });
  }

  @Test
  void aPlanThatIsAlreadyGoodProposesNothing() {
    ReoptimizeRequest request =
        request(
            Map.of("d_west", List.of("w1", "w2", "w3"), "d_east", List.of("e1", "e2")), Map.of());

    assertThat(runner.propose(request)).isEmpty();
  }

  @Test
  void aNewPlanNeverGivesADriverMoreJobsThanTheyMayHoldAtOnce() {
    // The west jobs sit with the east driver; moving all three west would save most, but the west
    // driver may hold only two jobs at a time.
    List<JobData> jobs =
        List.of(
            job("w1", WEST, 0.0000),
            job("w2", WEST, 0.0010),
            job("w3", WEST, 0.0020),
            job("e1", EAST, 0.0000));
    List<DriverData> drivers =
        List.of(
            new DriverData("d_west", null, null, null, WEST, null, null, null, 2, "z1"),
            driver("d_east", EAST));
    ReoptimizeRequest request =
        new ReoptimizeRequest(
            "acct",
            "z1",
            3,
            "min_duration",
            jobs,
            drivers,
            Map.of("d_west", List.of("e1"), "d_east", List.of("w1", "w2", "w3")),
            Map.of(),
            Instant.now());

    List<CloudEvent> out = runner.propose(request);

    assertThat(out)
        .singleElement()
        .satisfies(
            e -> {
              ReplanData replan = e.data(ReplanData.class);
              assertThat(jobsOf(replan, "d_west")).hasSizeLessThanOrEqualTo(2).isNotEmpty();
              assertThat(replan.plan().routes().stream().mapToInt(r -> r.stops().size()).sum())
                  .isEqualTo(4);
            });
  }

  @Test
  void aLiveZoneIsReplannedFromNowNotFromTheStartOfItsWindows() {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    io.fleetstream.schemas.events.TimeWindow opened3hAgo =
        new io.fleetstream.schemas.events.TimeWindow(
            now.minus(java.time.Duration.ofHours(3)).atOffset(java.time.ZoneOffset.UTC),
            now.plus(java.time.Duration.ofHours(2)).atOffset(java.time.ZoneOffset.UTC));
    List<JobData> jobs =
        List.of(
            windowed("w1", WEST, 0.0000, opened3hAgo), windowed("w2", WEST, 0.0010, opened3hAgo),
            windowed("e1", EAST, 0.0000, opened3hAgo), windowed("e2", EAST, 0.0010, opened3hAgo));
    ReoptimizeRequest request =
        new ReoptimizeRequest(
            "acct",
            "z1",
            5,
            "min_duration",
            jobs,
            List.of(driver("d_west", WEST), driver("d_east", EAST)),
            Map.of("d_west", List.of("e1", "e2"), "d_east", List.of("w1", "w2")),
            Map.of(),
            now);

    List<CloudEvent> out = runner.propose(request);

    assertThat(out)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.data(ReplanData.class).plan().routes())
                    .flatExtracting(r -> r.stops())
                    .allSatisfy(
                        stop ->
                            assertThat(stop.arrival().toInstant())
                                .as("nobody arrives in the past")
                                .isAfterOrEqualTo(now)));
  }

  private static JobData windowed(
      String id, GeoPoint near, double offset, io.fleetstream.schemas.events.TimeWindow window) {
    return new JobData(
        id,
        null,
        GeoPoint.of(near.lat() + offset, near.lng() + offset),
        10.0,
        null,
        List.of(window),
        null,
        null,
        "z1");
  }

  private static List<String> jobsOf(ReplanData replan, String driverId) {
    return replan.plan().routes().stream()
        .filter(r -> r.driverId().equals(driverId))
        .flatMap(r -> r.stops().stream())
        .map(PlanStop::jobId)
        .toList();
  }

  private static ReoptimizeRequest request(
      Map<String, List<String>> routes, Map<String, List<String>> pinned) {
    List<JobData> jobs =
        List.of(
            job("w1", WEST, 0.0000),
            job("w2", WEST, 0.0010),
            job("w3", WEST, 0.0020),
            job("e1", EAST, 0.0000),
            job("e2", EAST, 0.0010));
    List<DriverData> drivers = List.of(driver("d_west", WEST), driver("d_east", EAST));
    return new ReoptimizeRequest(
        "acct", "z1", 7, "min_duration", jobs, drivers, routes, pinned, Instant.now());
  }

  private static JobData job(String id, GeoPoint near, double offset) {
    return new JobData(
        id,
        null,
        GeoPoint.of(near.lat() + offset, near.lng() + offset),
        10.0,
        null,
        null,
        null,
        null,
        "z1");
  }

  private static DriverData driver(String id, GeoPoint at) {
    return new DriverData(id, null, null, null, at, null, null, null, 8, "z1");
  }
}
