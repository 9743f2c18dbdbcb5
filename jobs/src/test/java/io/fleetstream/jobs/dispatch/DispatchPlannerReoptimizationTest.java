package io.fleetstream.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.jobs.optimize.ReoptimizeRequest;
import io.fleetstream.jobs.zones.RoutedEvent;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.ReplanData;
import io.fleetstream.schemas.events.ScoringWeightsData;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a zone is re-solved, and when a re-solved plan replaces the current one: only if nothing
 * changed since and it saves more than the hysteresis threshold.
 */
class DispatchPlannerReoptimizationTest {

  private static final Instant NOW = Instant.parse("2026-05-08T16:00:00Z");
  private static final DispatchJobConfig.Reoptimization REOPT =
      new DispatchJobConfig.Reoptimization(4, Duration.ofSeconds(30), Duration.ofSeconds(1), 0.05);

  private KeyedBroadcastOperatorTestHarness<String, RoutedEvent, PlannerBroadcast, CloudEvent>
      harness;
  private int sequence;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new DispatchPlanner(REOPT),
            RoutedEvent::zoneKey,
            Types.STRING,
            DispatchPlanner.PREDICTIONS_STATE,
            DispatchPlanner.WEIGHTS_STATE);
    harness.setProcessingTime(NOW.toEpochMilli());
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aZoneIsResolvedAfterEnoughChangesWithItsRoutesAndPinnedJobs() throws Exception {
    send(EventType.DRIVER_CREATED, driver("a", 43.7300, 7.4200));
    send(EventType.JOB_CREATED, job("j1", 43.7301, 7.4201));
    send(EventType.JOB_CREATED, job("j2", 43.7302, 7.4202));
    int before = requests().size();
    send(EventType.JOB_CREATED, job("j3", 43.7303, 7.4203));

    assertThat(before).isZero();
    assertThat(requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.planVersion()).isEqualTo(4);
              assertThat(r.jobs())
                  .extracting(JobData::jobId)
                  .containsExactlyInAnyOrder("j1", "j2", "j3");
              assertThat(r.routes().get("a")).containsExactly("j1", "j2", "j3");
              assertThat(r.pinned().get("a")).isEmpty();
              assertThat(r.underWay())
                  .as("a free driver is on the way to their next job")
                  .containsExactly(java.util.Map.entry("a", "j1"));
            });
  }

  @Test
  void aBusyZoneIsNotAskedAgainBeforeTheSolverCouldHaveFinishedAndRestedAndThenIs()
      throws Exception {
    // 1 s limit at the default 25 % share: one request per zone every 4 s at most.
    send(EventType.DRIVER_CREATED, driver("a", 43.7300, 7.4200));
    for (int i = 1; i <= 3; i++) {
      send(EventType.JOB_CREATED, job("j" + i, 43.7300 + i * 1e-4, 7.4200));
    }
    assertThat(requests()).hasSize(1);
    for (int i = 4; i <= 12; i++) {
      send(EventType.JOB_CREATED, job("j" + i, 43.7300 + i * 1e-4, 7.4200));
    }
    harness.setProcessingTime(NOW.plusMillis(3_999).toEpochMilli());
    int beforeTheInterval = requests().size();
    harness.setProcessingTime(NOW.plusSeconds(4).toEpochMilli());

    assertThat(beforeTheInterval)
        .as("nine changes, but the zone was asked for 0 s ago")
        .isEqualTo(1);
    assertThat(requests()).hasSize(2);
    assertThat(requests().get(1).jobs()).hasSize(12);
  }

  @Test
  void aQuietZoneIsResolvedWhenTheTimerFires() throws Exception {
    send(EventType.DRIVER_CREATED, driver("a", 43.7300, 7.4200));
    harness.setProcessingTime(NOW.plusSeconds(29).toEpochMilli());
    int early = requests().size();
    harness.setProcessingTime(NOW.plusSeconds(30).toEpochMilli());

    assertThat(early).isZero();
    assertThat(requests()).singleElement().satisfies(r -> assertThat(r.planVersion()).isEqualTo(1));
  }

  @Test
  void aTinyImprovementDoesNotReplaceThePlanALargeOneDoesAndAStaleOneNever() throws Exception {
    send(EventType.DRIVER_CREATED, driver("a", 43.7300, 7.4200));
    send(EventType.DRIVER_CREATED, driver("b", 43.7600, 7.4500));
    send(EventType.JOB_CREATED, job("j1", 43.7600, 7.4500));
    long version = 3;
    int outputsBefore = harness.extractOutputValues().size();

    sendEvent(replan(version, 1000, 980, "a")); // saves 2 %: noise
    int afterTiny = harness.extractOutputValues().size();
    sendEvent(replan(version, 1000, 600, "a")); // saves 40 %
    List<CloudEvent> afterLarge =
        harness.extractOutputValues().subList(afterTiny, harness.extractOutputValues().size());
    sendEvent(replan(version, 1000, 100, "b")); // computed for a plan that no longer exists
    int afterStale = harness.extractOutputValues().size();

    assertThat(afterTiny).isEqualTo(outputsBefore);
    assertThat(afterLarge)
        .extracting(CloudEvent::eventType)
        .containsExactly(
            EventType.ASSIGNMENT_ASSIGNED, EventType.AUDIT_DECISION, EventType.OPTIMIZE_COMPLETED);
    assertThat(afterLarge.get(0).data(AssignmentData.class).driverId()).isEqualTo("a");
    assertThat(afterStale).isEqualTo(afterTiny + afterLarge.size());
  }

  @Test
  void afterARestoreTheZonesJobsAndDriversComeBackFromState() throws Exception {
    send(
        EventType.DRIVER_CREATED,
        new DriverData(
            "a", null, null, null, GeoPoint.of(43.7300, 7.4200), null, null, null, 1, "z1"));
    send(EventType.JOB_CREATED, job("j1", 43.7301, 7.4201));
    OperatorSubtaskState snapshot = harness.snapshot(1, NOW.toEpochMilli());
    harness.close();
    harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new DispatchPlanner(REOPT),
                List.of(DispatchPlanner.PREDICTIONS_STATE, DispatchPlanner.WEIGHTS_STATE)),
            RoutedEvent::zoneKey,
            Types.STRING,
            1,
            1,
            0);
    harness.setup();
    harness.initializeState(snapshot);
    harness.open();
    harness.setProcessingTime(NOW.toEpochMilli());

    send(EventType.JOB_CREATED, job("j2", 43.7302, 7.4202));
    List<AssignmentData> whileFull = assignments();
    send(EventType.JOB_COMPLETED, new JobStatusData("j1", "a", NOW, null, "z1"));

    assertThat(whileFull)
        .singleElement()
        .satisfies(a -> assertThat(a.unassignedReason()).isEqualTo("MAX_STOPS"));
    assertThat(assignments())
        .last()
        .satisfies(
            a -> {
              assertThat(a.jobId()).isEqualTo("j2");
              assertThat(a.driverId())
                  .as("j1 was known after the restore, so its completion freed the driver")
                  .isEqualTo("a");
            });
  }

  @Test
  void anAccountsActivatedWeightsScoreItsNextDecisionsAndTheDecisionsNameTheirVersion()
      throws Exception {
    send(EventType.DRIVER_CREATED, driver("a", 43.7300, 7.4200));
    send(EventType.JOB_CREATED, job("j1", 43.7301, 7.4201));
    harness.processBroadcastElement(
        PlannerBroadcast.of(
            "acct", new ScoringWeightsData(3, 0.1, 0.1, 0.1, 0.6, 0.1, "lrn_1", NOW)),
        NOW.toEpochMilli());
    send(EventType.JOB_CREATED, job("j2", 43.7302, 7.4202));
    harness.processBroadcastElement(
        PlannerBroadcast.of(
            "acct", new ScoringWeightsData(4, 1, 0, 0, 0, 0, "lrn_2", NOW.minusSeconds(60))),
        NOW.toEpochMilli());
    send(EventType.JOB_CREATED, job("j3", 43.7303, 7.4203));

    assertThat(assignments())
        .extracting(AssignmentData::jobId, AssignmentData::weightsVersion)
        .as("an activation older than the active one does not replace it")
        .containsExactly(tuple("j1", 2), tuple("j2", 3), tuple("j3", 3));
    assertThat(assignments().get(1).score()).isNotEqualTo(assignments().get(0).score());
  }

  private List<AssignmentData> assignments() {
    return harness.extractOutputValues().stream()
        .filter(e -> e.data() instanceof AssignmentData)
        .map(e -> e.data(AssignmentData.class))
        .toList();
  }

  private CloudEvent replan(long version, double current, double proposed, String driverId) {
    PlanData plan =
        new PlanData(
            "reopt_z1_" + version,
            null,
            "completed",
            "commit",
            "min_duration",
            proposed,
            proposed,
            100.0,
            List.of(
                new PlanRoute(
                    driverId,
                    List.of(
                        new PlanStop(
                            "j1", NOW.atOffset(ZoneOffset.UTC), NOW.atOffset(ZoneOffset.UTC), 600)),
                    100,
                    proposed,
                    null)),
            List.of(),
            "haversine",
            version,
            10L,
            null,
            NOW);
    return event(EventType.DISPATCH_REPLAN, new ReplanData("z1", version, current, proposed, plan));
  }

  private void send(EventType type, EventData data) throws Exception {
    sendEvent(event(type, data));
  }

  private void sendEvent(CloudEvent event) throws Exception {
    harness.processElement(RoutedEvent.of(event, "z1"), NOW.toEpochMilli());
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

  private List<ReoptimizeRequest> requests() {
    var emitted = harness.getSideOutput(DispatchPlanner.REOPTIMIZE);
    return emitted == null ? List.of() : emitted.stream().map(StreamRecord::getValue).toList();
  }

  private static JobData job(String id, double lat, double lng) {
    return new JobData(id, null, GeoPoint.of(lat, lng), 10.0, null, null, null, null, "z1");
  }

  private static DriverData driver(String id, double lat, double lng) {
    return new DriverData(
        id, null, null, null, GeoPoint.of(lat, lng), null, null, null, null, "z1");
  }
}
