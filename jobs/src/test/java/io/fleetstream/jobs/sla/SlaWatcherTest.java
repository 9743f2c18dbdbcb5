package io.fleetstream.jobs.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.SlaData;
import io.fleetstream.schemas.events.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SLA risk of one job as its ETAs move and event time passes its window. */
class SlaWatcherTest {

  private static final Instant T0 = Instant.parse("2026-05-08T16:00:00Z");
  private static final Instant WINDOW_END = T0.plus(Duration.ofHours(1));

  private KeyedOneInputStreamOperatorTestHarness<String, CloudEvent, CloudEvent> harness;
  private int sequence;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new SlaWatcher(Duration.ofMinutes(10)), SlaKeys::of, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void anAssignmentThatOvertakesTheJobsCreationIsStillTheDriverTheEtasAreFor() throws Exception {
    send(EventType.ASSIGNMENT_ASSIGNED, assigned("drv_1"), T0);
    send(EventType.JOB_CREATED, job(30), T0);
    send(
        EventType.ETA_UPDATED,
        eta("drv_1", WINDOW_END.plus(Duration.ofMinutes(6))),
        T0.plusSeconds(10));

    assertThat(sla())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.eventType()).isEqualTo(EventType.SLA_AT_RISK);
              assertThat(e.data(SlaData.class).driverId()).isEqualTo("drv_1");
            });
  }

  @Test
  void aLateEtaPutsTheJobAtRiskAndAnEarlyOneRecoversIt() throws Exception {
    send(EventType.JOB_CREATED, job(30), T0);
    send(EventType.ASSIGNMENT_ASSIGNED, assigned("drv_1"), T0);
    send(
        EventType.ETA_UPDATED,
        eta("drv_1", WINDOW_END.minus(Duration.ofMinutes(30))),
        T0.plusSeconds(10));
    int whileOnTime = sla().size();
    send(
        EventType.ETA_UPDATED,
        eta("drv_1", WINDOW_END.plus(Duration.ofMinutes(6))),
        T0.plusSeconds(20));
    send(
        EventType.ETA_UPDATED,
        eta("drv_1", WINDOW_END.plus(Duration.ofMinutes(8))),
        T0.plusSeconds(30));
    send(
        EventType.ETA_UPDATED,
        eta("drv_1", WINDOW_END.minus(Duration.ofMinutes(20))),
        T0.plusSeconds(40));

    assertThat(whileOnTime).isZero();
    List<CloudEvent> sla = sla();
    assertThat(sla)
        .extracting(CloudEvent::eventType)
        .containsExactly(EventType.SLA_AT_RISK, EventType.SLA_RECOVERED);
    SlaData risk = sla.get(0).data(SlaData.class);
    assertThat(risk.predictedLatenessS()).isEqualTo(360);
    assertThat(risk.cause()).isEqualTo("eta");
    assertThat(risk.driverId()).isEqualTo("drv_1");
  }

  @Test
  void aJobNotDoneWhenEventTimePassesItsWindowIsBreachedOnce() throws Exception {
    send(EventType.JOB_CREATED, job(30), T0);
    harness.processWatermark(WINDOW_END.minusSeconds(1).toEpochMilli());
    int beforeEnd = sla().size();
    harness.processWatermark(WINDOW_END.toEpochMilli());
    harness.processWatermark(WINDOW_END.plusSeconds(60).toEpochMilli());

    assertThat(beforeEnd).isZero();
    assertThat(sla())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.eventType()).isEqualTo(EventType.SLA_BREACHED);
              assertThat(e.data(SlaData.class).cause()).isEqualTo("window_passed");
            });
  }

  @Test
  void aCompletedJobIsNeverBreached() throws Exception {
    send(EventType.JOB_CREATED, job(30), T0);
    send(
        EventType.JOB_COMPLETED,
        new JobStatusData("job_1", "drv_1", T0.plusSeconds(600), null, null),
        T0.plusSeconds(600));
    harness.processWatermark(WINDOW_END.plusSeconds(60).toEpochMilli());

    assertThat(sla()).isEmpty();
  }

  @Test
  void anUnassignedJobCloseToItsDeadlineIsAtRiskBecauseNobodyHasIt() throws Exception {
    send(EventType.JOB_CREATED, job(30), T0);
    send(EventType.ASSIGNMENT_UNASSIGNED, unassigned(), WINDOW_END.minus(Duration.ofMinutes(25)));

    assertThat(sla())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.eventType()).isEqualTo(EventType.SLA_AT_RISK);
              assertThat(e.data(SlaData.class).cause()).isEqualTo("unassigned");
              assertThat(e.data(SlaData.class).predictedLatenessS()).isEqualTo(300);
            });
  }

  @Test
  void anUnassignedDecisionThatOvertakesTheJobsCreationPutsItAtRiskWhenTheJobArrives()
      throws Exception {
    send(EventType.ASSIGNMENT_UNASSIGNED, unassigned(), WINDOW_END.minus(Duration.ofMinutes(25)));
    assertThat(sla()).as("no window known yet").isEmpty();

    send(EventType.JOB_CREATED, job(30), WINDOW_END.minus(Duration.ofMinutes(24)));

    assertThat(sla())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.eventType()).isEqualTo(EventType.SLA_AT_RISK);
              assertThat(e.data(SlaData.class).cause()).isEqualTo("unassigned");
              assertThat(e.data(SlaData.class).predictedLatenessS())
                  .as("30 minutes of work from the decision, 25 minutes before the window's end")
                  .isEqualTo(300);
            });
  }

  @Test
  void anAssignmentAfterAnUnassignedDecisionBothBeforeTheJobIsWhatCounts() throws Exception {
    send(EventType.ASSIGNMENT_UNASSIGNED, unassigned(), WINDOW_END.minus(Duration.ofMinutes(25)));
    send(
        EventType.ASSIGNMENT_ASSIGNED, assigned("drv_1"), WINDOW_END.minus(Duration.ofMinutes(24)));
    send(EventType.JOB_CREATED, job(30), WINDOW_END.minus(Duration.ofMinutes(24)));
    assertThat(sla()).as("the driver has it; no ETA yet").isEmpty();

    send(
        EventType.ETA_UPDATED,
        eta("drv_1", WINDOW_END.plus(Duration.ofMinutes(6))),
        WINDOW_END.minus(Duration.ofMinutes(23)));
    assertThat(sla())
        .singleElement()
        .satisfies(e -> assertThat(e.data(SlaData.class).cause()).isEqualTo("eta"));
  }

  @Test
  void etasOfAnotherDriverAndJobsWithoutWindowsRaiseNothing() throws Exception {
    send(EventType.JOB_CREATED, job(30), T0);
    send(EventType.ASSIGNMENT_ASSIGNED, assigned("drv_1"), T0);
    send(
        EventType.ETA_UPDATED,
        eta("drv_other", WINDOW_END.plus(Duration.ofHours(1))),
        T0.plusSeconds(5));
    send(
        EventType.JOB_CREATED,
        new JobData("job_2", null, GeoPoint.of(43.7, 7.4), 30.0, null, null, null, null, null),
        T0);
    harness.processWatermark(WINDOW_END.plus(Duration.ofHours(2)).toEpochMilli());

    assertThat(sla())
        .extracting(e -> e.data(SlaData.class).jobId())
        .containsExactly("job_1"); // only job_1's breach
  }

  private void send(EventType type, EventData data, Instant at) throws Exception {
    harness.processElement(
        new CloudEvent(
            "1.0",
            "evt_" + (++sequence),
            "/test",
            type.type(),
            null,
            at,
            "application/json",
            "acct",
            "job_1",
            data),
        at.toEpochMilli());
  }

  private static JobData job(double serviceMinutes) {
    return new JobData(
        "job_1",
        null,
        GeoPoint.of(43.7, 7.4),
        serviceMinutes,
        null,
        List.of(
            new TimeWindow(
                T0.atOffset(ZoneOffset.ofHours(2)), WINDOW_END.atOffset(ZoneOffset.ofHours(2)))),
        null,
        null,
        null);
  }

  private static AssignmentData assigned(String driverId) {
    return new AssignmentData(
        "job_1", driverId, "z", 1, 90.0, null, 1, 100.0, "haversine", null, 1, T0, "evt_x");
  }

  private static AssignmentData unassigned() {
    return new AssignmentData(
        "job_1", null, "z", null, null, null, 1, null, "haversine", "NO_DRIVER", 0, T0, "evt_x");
  }

  private static EtaData eta(String driverId, Instant finish) {
    return new EtaData(
        "job_1",
        driverId,
        0,
        finish.minus(Duration.ofMinutes(30)),
        finish,
        WINDOW_END,
        1000,
        "haversine",
        T0,
        T0);
  }

  private List<CloudEvent> sla() {
    return harness.extractOutputValues().stream()
        .filter(e -> e.eventType().topic() == io.fleetstream.schemas.Topic.SLA)
        .toList();
  }
}
