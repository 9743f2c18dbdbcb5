package io.fleetstream.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which of a driver's jobs a position makes late, and that the route is driven only as far as its
 * last stop with a window: the planner asks at every sampled position of every driver with jobs.
 */
class LateJobsTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final GeoPoint FAR_EAST = GeoPoint.of(43.73, 7.60); // about 15 km from the jobs

  private final List<Integer> matrixSizes = new ArrayList<>();
  private final MatrixProvider straightLines = new HaversineMatrix(1.3, 30);
  private final InsertionPolicy policy =
      new InsertionPolicy(
          points -> {
            matrixSizes.add(points.size());
            return straightLines.matrix(points);
          },
          "haversine");
  private final InMemoryZoneState zone = new InMemoryZoneState();

  @Test
  void aStopWhoseWindowEndsBeforeTheDriverCanGetThereIsLateAndTheRouteIsDrivenOnlyToIt() {
    DriverState driver =
        route(job("a", null), job("b", window(Duration.ofMinutes(5))), job("c", null));

    assertThat(policy.lateJobs(driver, FAR_EAST, NOW, zone, ServiceTimes.declared()))
        .containsExactly("b");
    assertThat(matrixSizes).containsExactly(3); // the position, a and b: c cannot be late
  }

  @Test
  void aWindowTheDriverMakesIsNotLate() {
    DriverState driver = route(job("a", null), job("b", window(Duration.ofHours(3))));

    assertThat(policy.lateJobs(driver, FAR_EAST, NOW, zone, ServiceTimes.declared())).isEmpty();
    assertThat(matrixSizes).containsExactly(3);
  }

  @Test
  void aRouteWithoutWindowsIsNeverLateAndNeverDriven() {
    DriverState driver = route(job("a", null), job("b", null));

    assertThat(policy.lateJobs(driver, FAR_EAST, NOW, zone, ServiceTimes.declared())).isEmpty();
    assertThat(matrixSizes).isEmpty();
  }

  private DriverState route(JobData... jobs) {
    List<String> ids = new ArrayList<>();
    for (JobData job : jobs) {
      zone.putJob(job.jobId(), new JobState(job, JobStatus.ASSIGNED, "d", null, NOW));
      ids.add(job.jobId());
    }
    DriverData data =
        new DriverData("d", null, null, null, GeoPoint.of(43.73, 7.42), null, null, null, 8, null);
    DriverState driver = new DriverState(data, true, ids, FAR_EAST, NOW, null);
    zone.putDriver("d", driver);
    return driver;
  }

  private static JobData job(String id, TimeWindow window) {
    return new JobData(
        id,
        null,
        GeoPoint.of(43.73, 7.42),
        10.0,
        null,
        window == null ? null : List.of(window),
        null,
        null,
        null);
  }

  private static TimeWindow window(Duration endsIn) {
    return new TimeWindow(NOW.atOffset(ZoneOffset.UTC), NOW.plus(endsIn).atOffset(ZoneOffset.UTC));
  }
}
