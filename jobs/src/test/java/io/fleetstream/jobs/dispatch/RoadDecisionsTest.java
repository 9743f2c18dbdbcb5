package io.fleetstream.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.jobs.optimize.RoadNetworks;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a road network, live decisions are scored on road travel times wherever the map reaches. */
class RoadDecisionsTest {

  @TempDir static Path graph;

  private static final Instant NOW = Instant.parse("2026-05-08T16:00:00Z");
  private final InMemoryZoneState state = new InMemoryZoneState();
  private ZoneDispatcher dispatcher;
  private int sequence;

  @BeforeEach
  void open() {
    dispatcher =
        new ZoneDispatcher(
            "acct",
            "z1",
            state,
            Clock.fixed(NOW, ZoneOffset.UTC),
            ServiceTimes.declared(),
            InsertionPolicy.onRoads(RoadNetworks.shared(graph)));
  }

  @Test
  void aDecisionInMonacoCountsTheDriveOnTheRoads() {
    GeoPoint driverAt = GeoPoint.of(43.7276, 7.4156);
    GeoPoint jobAt = GeoPoint.of(43.7396, 7.4276);
    apply(EventType.DRIVER_CREATED, driver("d1", driverAt));

    AssignmentData a = apply(EventType.JOB_CREATED, job("casino", jobAt)).get(0);

    TravelMatrix road =
        RoadNetworks.shared(graph).matrix(List.of(location(driverAt), location(jobAt)));
    assertThat(a.metric()).isEqualTo("road");
    assertThat(a.reason().predictedDurationMinutes())
        .as("the road drive plus 10 min of service")
        .isCloseTo(road.seconds(0, 1) / 60 + 10, within(0.1));
  }

  @Test
  void aJobOffTheMapIsDecidedOnStraightLinesAndSaysSo() {
    apply(EventType.DRIVER_CREATED, driver("d1", GeoPoint.of(37.7858, -122.4065)));

    AssignmentData a =
        apply(EventType.JOB_CREATED, job("sf", GeoPoint.of(37.7749, -122.4194))).get(0);

    assertThat(a.assigned()).isTrue();
    assertThat(a.metric()).isEqualTo("haversine");
  }

  @Test
  void aNewDriverTakesTheWaitingJobsARoadReachesAndLeavesTheOthersAsTheyWere() {
    GeoPoint offRoad = GeoPoint.of(43.7486, 7.4228); // on the map, no road within the snap limit
    apply(EventType.JOB_CREATED, job("hill", offRoad));
    apply(EventType.JOB_CREATED, job("casino", GeoPoint.of(43.7396, 7.4276)));
    assertThat(state.job("hill").orElseThrow().unassignedReason()).isEqualTo("NO_DRIVER");

    apply(EventType.DRIVER_CREATED, driver("d1", GeoPoint.of(43.7276, 7.4156)));
    List<AssignmentData> second =
        apply(EventType.DRIVER_CREATED, driver("d2", GeoPoint.of(43.7300, 7.4200)));

    assertThat(state.job("casino").orElseThrow().driverId()).isEqualTo("d1");
    assertThat(state.job("hill").orElseThrow().unassignedReason()).isEqualTo("UNREACHABLE");
    assertThat(second).as("the second driver changes nothing for the hill job").isEmpty();
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

  private static JobData job(String id, GeoPoint at) {
    return new JobData(id, null, at, 10.0, null, null, null, null, null);
  }

  private static DriverData driver(String id, GeoPoint at) {
    return new DriverData(id, null, null, null, at, null, null, null, null, null);
  }

  private static Location location(GeoPoint p) {
    return new Location(p.lat(), p.lng());
  }
}
