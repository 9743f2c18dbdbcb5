package io.fleetstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.Load;
import io.fleetstream.schemas.events.Pickup;
import io.fleetstream.schemas.events.Vehicle;
import io.fleetstream.schemas.json.EventJson;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.EntityRoute;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import io.fleetstream.schemas.state.SlaState;
import io.fleetstream.schemas.state.StopKey;
import io.fleetstream.schemas.state.TrackRecord;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * State written by version 1 of each state type still loads: Flink keeps these records (as Smile)
 * in checkpoints and savepoints, and an upgrade must read what the previous version wrote. A state
 * type change adds a golden directory for the new version and keeps the old ones passing.
 */
class StateGoldenFilesTest {

  @Test
  void version1JobStateLoads() throws IOException {
    JobState state = load("job-state", JobState.class);

    assertThat(state.status()).isEqualTo(JobStatus.ASSIGNED);
    assertThat(state.driverId()).isEqualTo("drv_x");
    assertThat(state.job().timeWindows()).hasSize(1);
    assertThat(state.job().timeWindows().get(0).start().getOffset().getTotalSeconds())
        .isEqualTo(-7 * 3600);
    assertThat(state.createdAt()).isEqualTo(Instant.parse("2026-05-08T15:58:00Z"));
  }

  @Test
  void version1DriverStateLoads() throws IOException {
    DriverState state = load("driver-state", DriverState.class);

    assertThat(state.available()).isTrue();
    assertThat(state.jobIds()).containsExactly("job_a1", "job_a2");
    assertThat(state.hasRoom()).isTrue();
  }

  @Test
  void version1DriverStateHasNoHistoryAndIsRatedThePrior() throws IOException {
    DriverState state = load("driver-state", DriverState.class);

    assertThat(state.record()).isNull();
    assertThat(state.performance()).isEqualTo(TrackRecord.PRIOR);
  }

  @Test
  void version3DriverStateLoadsWithItsTrackRecord() throws IOException {
    DriverState state = load("v3", "driver-state", DriverState.class);

    assertThat(state.record()).isEqualTo(new TrackRecord(12, 9));
    assertThat(state.performance()).isEqualTo((9 + 0.8 * 5) / (12 + 5));
    assertThat(state.finished(false).record()).isEqualTo(new TrackRecord(13, 9));
    assertThat(state.withAvailable(false).withoutPosition().record())
        .as("a shift's end keeps the history")
        .isEqualTo(state.record());
  }

  @Test
  void version1SlaStateLoadsAndAStateAwaitingItsJobHasNoWindowYet() throws IOException {
    SlaState state = load("sla-state", SlaState.class);

    assertThat(state.status()).isEqualTo(SlaState.AT_RISK);
    assertThat(state.windowEnd()).isEqualTo(Instant.parse("2026-05-08T17:00:00Z"));
    SlaState awaiting = SlaState.awaitingJob("drv_y");
    byte[] smile = EventJson.smile().writeValueAsBytes(awaiting);
    assertThat(EventJson.smile().readValue(smile, SlaState.class)).isEqualTo(awaiting);
    assertThat(awaiting.windowEnd()).isNull();
  }

  @Test
  void version1EntityRouteLoads() throws IOException {
    EntityRoute route = load("entity-route", EntityRoute.class);

    assertThat(route.zone()).isEqualTo("gh-9q8y");
    assertThat(route.hasSeen("evt_2")).isTrue();
  }

  @Test
  void stateWrittenByANewerVersionWithExtraFieldsStillLoadsForARollback() throws IOException {
    ObjectNode newer = (ObjectNode) EventJson.mapper().readTree(golden("job-state"));
    newer.put("predicted_duration_minutes", 42);
    ((ObjectNode) newer.get("job")).put("access_code", "1234");
    byte[] smile = EventJson.smile().writeValueAsBytes(newer);

    JobState state = EventJson.smile().readValue(smile, JobState.class);

    assertThat(state.driverId()).isEqualTo("drv_x");
  }

  /** Reads the JSON golden file, writes it as Smile (the state format) and reads it back. */
  @Test
  void version1StateHoldsJobsAndDriversOfVersion1() throws IOException {
    JobState job = load("job-state", JobState.class);
    DriverState driver = load("driver-state", DriverState.class);

    assertThat(job.job().pickup()).isNull();
    assertThat(job.job().load()).isEqualTo(Load.NONE);
    assertThat(job.job().tags()).isEmpty();
    assertThat(job.job().needsVersion2()).isFalse();
    assertThat(driver.driver().vehicle()).isNull();
    assertThat(driver.driver().breaks()).isEmpty();
  }

  @Test
  void version3JobStateLoadsAPickupAndDeliveryJobWithItsGoods() throws IOException {
    JobState state = load("v3", "job-state", JobState.class);

    Pickup pickup = state.job().pickup();
    assertThat(pickup.location()).isEqualTo(new GeoPoint(37.7749, -122.4194, null));
    assertThat(pickup.timeWindows()).hasSize(1);
    assertThat(state.job().load().weightKg()).isEqualTo(80.0);
    assertThat(state.job().load().volumeM3()).isCloseTo(0.24, within(1e-9));
    assertThat(state.job().load().count()).isEqualTo(2);
    assertThat(state.job().tags()).containsExactly("lift-gate");
    assertThat(state.unassignedReason()).isEqualTo("CAPACITY");
  }

  @Test
  void version4DriverStateLoadsItsVehicleAndBreaks() throws IOException {
    DriverState state = load("v4", "driver-state", DriverState.class);

    Vehicle van = state.driver().vehicle();
    assertThat(van.type()).isEqualTo("cargo_van");
    assertThat(van.capacity()).isEqualTo(new Load(1200.0, 9.5, 40));
    assertThat(van.costPerKm()).isEqualTo(0.45);
    assertThat(van.fixedCost()).isNull();
    assertThat(state.driver().breaks()).hasSize(1);
    assertThat(state.driver().breaks().get(0).minutes()).isEqualTo(30.0);
    assertThat(state.record()).isEqualTo(new TrackRecord(3, 3));
  }

  @Test
  void version5DriverStateLoadsARouteWithAPickupStillToMake() throws IOException {
    DriverState state = load("v5", "driver-state", DriverState.class);

    assertThat(state.jobIds()).containsExactly("job_a", "job_pd1");
    assertThat(state.stopOrder())
        .containsExactly(StopKey.pickupOf("job_pd1"), StopKey.at("job_a"), StopKey.at("job_pd1"));
  }

  @Test
  void aDriverStateWithoutPickupsIsWrittenAsBeforeVersion5() throws IOException {
    DriverState state = load("v4", "driver-state", DriverState.class);

    assertThat(state.stops()).isNull();
    assertThat(state.stopOrder()).containsExactly(StopKey.at("job_pd1"));
    assertThat(EventJson.mapper().valueToTree(state).has("stops")).isFalse();
  }

  private static <T> T load(String name, Class<T> type) throws IOException {
    return load("v1", name, type);
  }

  private static <T> T load(String version, String name, Class<T> type) throws IOException {
    JsonNode tree = EventJson.mapper().readTree(golden(version, name));
    T fromJson = EventJson.mapper().treeToValue(tree, type);
    T fromSmile = EventJson.smile().readValue(EventJson.smile().writeValueAsBytes(tree), type);
    assertThat(fromSmile).isEqualTo(fromJson);
    return fromSmile;
  }

  private static byte[] golden(String name) throws IOException {
    return golden("v1", name);
  }

  private static byte[] golden(String version, String name) throws IOException {
    try (InputStream in =
        StateGoldenFilesTest.class.getResourceAsStream(
            "/golden/state/" + version + "/" + name + ".json")) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
