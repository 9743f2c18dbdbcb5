package io.fleetstream.jobs.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.jobs.optimize.ReoptimizeRequest;
import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.SimulationRequestData;
import io.fleetstream.schemas.events.SimulationResultData;
import io.fleetstream.schemas.events.SimulationResultData.Move;
import io.fleetstream.schemas.events.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What-ifs on straight lines (great circle × 1.3 at 30 km/h): the current plan measured as it
 * stands, the changed zone solved, and the figures a dispatcher compares.
 */
class ScenariosTest {

  static final GeoPoint WEST = GeoPoint.of(43.7300, 7.4100);
  static final GeoPoint EAST = GeoPoint.of(43.7500, 7.4400);
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  final Scenarios scenarios = new Scenarios(new HaversineMatrix(1.3, 30));

  @Test
  void aDriverAddedNearTheWaitingJobTakesItAndTheFiguresSaySo() {
    JobData a = job("job_a", WEST, 0.001, Duration.ofHours(4));
    JobData b = job("job_b", WEST, 0.002, Duration.ofHours(4));
    JobData waiting = job("job_c", EAST, 0.001, Duration.ofHours(4));
    ReoptimizeRequest zone =
        zone(
            List.of(a, b, waiting),
            List.of(driver("drv_w", WEST, 2)),
            Map.of("drv_w", List.of("job_a", "job_b")),
            Map.of());

    SimulationResultData r =
        scenarios.run(
            input(
                zone,
                new SimulationRequestData(
                    "sim_1",
                    "z1",
                    List.of(driver("new_driver_1", EAST, 4)),
                    List.of(),
                    List.of(),
                    null,
                    0.5,
                    7L,
                    NOW),
                Map.of("job_c", "CAPACITY")));

    assertThat(r.status()).isEqualTo("completed");
    assertThat(r.current().kpis().assigned()).isEqualTo(2);
    assertThat(r.current().kpis().unassigned()).isEqualTo(1);
    assertThat(r.current().unassigned().get(0).reason()).isEqualTo("CAPACITY");
    assertThat(r.current().kpis().onTimePct()).isEqualTo(66.7);
    assertThat(r.current().routes()).extracting(PlanRoute::driverId).containsExactly("drv_w");
    assertThat(r.scenario().kpis().assigned()).isEqualTo(3);
    assertThat(r.scenario().kpis().unassigned()).isZero();
    assertThat(r.scenario().kpis().onTimePct()).isEqualTo(100.0);
    assertThat(r.scenario().kpis().driversUsed()).isEqualTo(2);
    assertThat(r.moves()).contains(new Move("job_c", null, "new_driver_1"));
    assertThat(r.current().kpis().km()).isPositive();
  }

  @Test
  void withoutItsOnlyDriverAZoneServesNothingAndEveryJobMoves() {
    JobData a = job("job_a", WEST, 0.001, Duration.ofHours(4));
    ReoptimizeRequest zone =
        zone(
            List.of(a),
            List.of(driver("drv_w", WEST, 4)),
            Map.of("drv_w", List.of("job_a")),
            Map.of());

    SimulationResultData r =
        scenarios.run(
            input(
                zone,
                new SimulationRequestData(
                    "sim_2", "z1", List.of(), List.of("drv_w"), List.of(), null, 0.5, 7L, NOW),
                Map.of()));

    assertThat(r.current().kpis().assigned()).isEqualTo(1);
    assertThat(r.scenario().kpis().assigned()).isZero();
    assertThat(r.scenario().unassigned()).extracting(u -> u.reason()).containsExactly("NO_DRIVER");
    assertThat(r.moves()).containsExactly(new Move("job_a", "drv_w", null));
  }

  @Test
  void aJobWhoseWindowIsOverIsLateInBothPlansAndAPinnedJobStaysFirst() {
    JobData overdue = job("job_late", WEST, 0.001, Duration.ofHours(-1));
    JobData b = job("job_b", WEST, 0.003, Duration.ofHours(4));
    ReoptimizeRequest zone =
        zone(
            List.of(overdue, b),
            List.of(driver("drv_w", WEST, 4), driver("drv_e", EAST, 4)),
            Map.of("drv_w", List.of("job_b", "job_late"), "drv_e", List.of()),
            Map.of("drv_w", List.of("job_b")));

    SimulationResultData r =
        scenarios.run(
            input(
                zone,
                new SimulationRequestData(
                    "sim_3",
                    "z1",
                    List.of(),
                    List.of(),
                    List.of(job("new_job_1", EAST, 0.001, Duration.ofHours(3))),
                    "min_distance",
                    0.5,
                    7L,
                    NOW),
                Map.of()));

    assertThat(r.objective()).isEqualTo("min_distance");
    assertThat(r.current().late())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.jobId()).isEqualTo("job_late");
              assertThat(l.lateS()).isGreaterThanOrEqualTo(3600);
            });
    assertThat(r.scenario().late())
        .extracting(SimulationResultData.Late::jobId)
        .contains("job_late");
    PlanRoute west =
        r.scenario().routes().stream()
            .filter(x -> x.driverId().equals("drv_w"))
            .findFirst()
            .orElseThrow();
    assertThat(west.stops()).extracting(PlanStop::jobId).first().isEqualTo("job_b");
    assertThat(r.scenario().kpis().jobs()).isEqualTo(3);
    assertThat(r.current().kpis().jobs()).isEqualTo(2);
  }

  @Test
  void aWhatIfTooOldWhenItsTurnComesIsAnsweredAsExpired() {
    CloudEvent old =
        event(
            new SimulationRequestData(
                "sim_4",
                "z1",
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                null,
                Instant.now().minus(Duration.ofMinutes(5))));

    SimulationResultData r = SimulationRunner.expired(old);

    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo("failed");
    assertThat(r.error()).startsWith("expired");
    assertThat(SimulationRunner.expired(event(request("sim_5")))).isNull();
  }

  private static SimulationRequestData request(String id) {
    return new SimulationRequestData(id, "z1", null, null, null, null, null, null, NOW);
  }

  private static SimulationInput input(
      ReoptimizeRequest zone, SimulationRequestData request, Map<String, String> reasons) {
    return new SimulationInput(event(request), zone, reasons);
  }

  private static CloudEvent event(SimulationRequestData data) {
    return CloudEvent.create(EventType.SIMULATION_REQUESTED, "/test", "acct_t", data.runId(), data);
  }

  private static ReoptimizeRequest zone(
      List<JobData> jobs,
      List<DriverData> drivers,
      Map<String, List<String>> routes,
      Map<String, List<String>> pinned) {
    return new ReoptimizeRequest(
        "acct_t", "z1", 3, "min_duration", jobs, drivers, routes, pinned, Map.of(), NOW);
  }

  private static JobData job(String id, GeoPoint near, double offset, Duration windowEndsIn) {
    Instant end = NOW.plus(windowEndsIn);
    return new JobData(
        id,
        null,
        GeoPoint.of(near.lat() + offset, near.lng() + offset),
        10.0,
        null,
        List.of(
            new TimeWindow(
                end.minus(Duration.ofHours(6)).atOffset(ZoneOffset.UTC),
                end.atOffset(ZoneOffset.UTC))),
        null,
        null,
        "z1");
  }

  private static DriverData driver(String id, GeoPoint at, int maxJobs) {
    return new DriverData(id, null, null, null, at, null, null, null, maxJobs, "z1");
  }
}
