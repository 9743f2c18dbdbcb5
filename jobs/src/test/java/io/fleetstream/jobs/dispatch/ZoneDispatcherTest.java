package io.fleetstream.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.AuditCandidate;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.DecideData;
import io.fleetstream.schemas.events.DlqData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.DriverStatusData;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.LockData;
import io.fleetstream.schemas.events.ManualAssignData;
import io.fleetstream.schemas.events.Pickup;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.ReplanData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.json.ErrorCode;
import io.fleetstream.schemas.state.JobStatus;
import io.fleetstream.schemas.state.StopKey;
import io.fleetstream.schemas.state.TrackRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dispatch rules of one zone, event by event, as a dispatcher would expect them. */
class ZoneDispatcherTest {

  private static final Instant NOW = Instant.parse("2026-05-08T16:00:00Z");
  private final InMemoryZoneState state = new InMemoryZoneState();
  private final ZoneDispatcher dispatcher =
      new ZoneDispatcher("acct", "z1", state, Clock.fixed(NOW, ZoneOffset.UTC));
  private int sequence;

  @Test
  void aJobWithoutDriversWaitsAndIsAssignedWhenTheFirstDriverArrives() {
    List<AssignmentData> first = apply(EventType.JOB_CREATED, job("j1", 43.73, 7.42, List.of()));
    List<AssignmentData> second =
        apply(EventType.DRIVER_CREATED, driver("d1", 43.74, 7.43, List.of(), null, null));

    assertThat(first)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.assigned()).isFalse();
              assertThat(a.unassignedReason()).isEqualTo("NO_DRIVER");
            });
    assertThat(second)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.jobId()).isEqualTo("j1");
              assertThat(a.driverId()).isEqualTo("d1");
              assertThat(a.rank()).isEqualTo(1);
              assertThat(a.distanceM()).isGreaterThan(1000).isLessThan(2000);
            });
  }

  @Test
  void theNearestCapableDriverGetsTheJob() {
    apply(EventType.DRIVER_CREATED, driver("far", 43.80, 7.50, List.of("hvac"), null, null));
    apply(
        EventType.DRIVER_CREATED, driver("near_unskilled", 43.7301, 7.4201, List.of(), null, null));
    apply(
        EventType.DRIVER_CREATED,
        driver("near", 43.735, 7.425, List.of("hvac", "ladder"), null, null));

    List<AssignmentData> out =
        apply(EventType.JOB_CREATED, job("j1", 43.73, 7.42, List.of("hvac")));

    assertThat(out)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.driverId()).isEqualTo("near");
              assertThat(a.candidates()).isEqualTo(3);
              assertThat(a.reason().skillMatch()).isEqualTo(1.0);
              assertThat(a.score()).isGreaterThan(50.0);
            });
  }

  @Test
  void aJobNoDriverIsSkilledForWaitsWithReasonSkillUntilADriverLearnsIt() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.74, 7.43, List.of(), null, null));

    List<AssignmentData> waiting =
        apply(EventType.JOB_CREATED, job("j1", 43.73, 7.42, List.of("gas")));
    List<AssignmentData> retried =
        apply(EventType.DRIVER_CREATED, driver("d2", 43.75, 7.44, List.of("hvac"), null, null));
    List<AssignmentData> assigned =
        apply(EventType.DRIVER_UPDATED, driver("d2", 43.75, 7.44, List.of("gas"), null, null));

    assertThat(waiting)
        .singleElement()
        .satisfies(a -> assertThat(a.unassignedReason()).isEqualTo("SKILL"));
    assertThat(retried).as("same reason again is not news").isEmpty();
    assertThat(assigned).singleElement().satisfies(a -> assertThat(a.driverId()).isEqualTo("d2"));
  }

  @Test
  void aFullDriverTakesTheNextJobOnlyAfterFinishingOne() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.74, 7.43, List.of(), null, 1));
    apply(EventType.JOB_CREATED, job("j1", 43.73, 7.42, List.of()));

    List<AssignmentData> full = apply(EventType.JOB_CREATED, job("j2", 43.73, 7.42, List.of()));
    List<AssignmentData> afterCompletion = apply(EventType.JOB_COMPLETED, status("j1", "d1"));

    assertThat(full)
        .singleElement()
        .satisfies(a -> assertThat(a.unassignedReason()).isEqualTo("MAX_STOPS"));
    assertThat(afterCompletion)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.jobId()).isEqualTo("j2");
              assertThat(a.driverId()).isEqualTo("d1");
            });
    assertThat(state.jobs).doesNotContainKey("j1");
  }

  @Test
  void aDispatcherMovingAJobAwayLeavesRoomThatTheOldestWaitingJobTakes() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.74, 7.43, List.of(), null, 1));
    apply(EventType.DRIVER_CREATED, driver("d2", 43.80, 7.50, List.of(), null, 1));
    apply(EventType.JOB_CREATED, job("j1", 43.73, 7.42, List.of()));
    apply(EventType.JOB_CREATED, job("j2", 43.79, 7.49, List.of()));
    List<AssignmentData> waiting = apply(EventType.JOB_CREATED, job("j3", 43.73, 7.42, List.of()));

    List<AssignmentData> moved =
        apply(
            EventType.DISPATCH_ASSIGN, new ManualAssignData("j1", "d2", false, "customer's wish"));

    assertThat(waiting)
        .singleElement()
        .satisfies(a -> assertThat(a.unassignedReason()).isEqualTo("MAX_STOPS"));
    assertThat(moved)
        .extracting(AssignmentData::jobId, AssignmentData::driverId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("j1", "d2"),
            org.assertj.core.groups.Tuple.tuple("j3", "d1"));
  }

  @Test
  void aJobThatWaitsForAShiftWaitsForASkillOnceAnUnskilledDriverStartsOne() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.74, 7.43, List.of(), null, null));
    apply(EventType.DRIVER_SHIFT_ENDED, new DriverStatusData("d1", NOW, null, null));
    List<AssignmentData> waiting =
        apply(EventType.JOB_CREATED, job("j1", 43.73, 7.42, List.of("gas")));

    List<AssignmentData> started =
        apply(EventType.DRIVER_SHIFT_STARTED, new DriverStatusData("d1", NOW, null, null));

    assertThat(waiting)
        .singleElement()
        .satisfies(a -> assertThat(a.unassignedReason()).isEqualTo("SHIFT"));
    assertThat(started)
        .singleElement()
        .satisfies(a -> assertThat(a.unassignedReason()).isEqualTo("SKILL"));
  }

  @Test
  void whenAShiftEndsAssignedJobsMoveButAStartedJobStays() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.73, 7.42, List.of(), null, null));
    apply(EventType.JOB_CREATED, job("started", 43.73, 7.42, List.of()));
    apply(EventType.JOB_CREATED, job("waiting", 43.73, 7.42, List.of()));
    apply(EventType.DRIVER_CREATED, driver("d2", 43.76, 7.44, List.of(), null, null));
    apply(EventType.JOB_STARTED, status("started", "d1"));

    List<AssignmentData> out =
        apply(EventType.DRIVER_SHIFT_ENDED, new DriverStatusData("d1", NOW, "end of day", null));

    assertThat(out)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.jobId()).isEqualTo("waiting");
              assertThat(a.driverId()).isEqualTo("d2");
            });
    assertThat(state.jobs.get("started").status()).isEqualTo(JobStatus.STARTED);
    assertThat(state.jobs.get("started").driverId()).isEqualTo("d1");
  }

  @Test
  void aDriverWhoseShiftIsOverIsNotAskedReasonShift() {
    OffsetDateTime start = NOW.minusSeconds(36_000).atOffset(ZoneOffset.UTC);
    apply(
        EventType.DRIVER_CREATED,
        driver("d1", 43.73, 7.42, List.of(), new TimeWindow(start, start.plusHours(8)), null));

    List<AssignmentData> out = apply(EventType.JOB_CREATED, job("j1", 43.73, 7.42, List.of()));

    assertThat(out)
        .singleElement()
        .satisfies(a -> assertThat(a.unassignedReason()).isEqualTo("SHIFT"));
  }

  @Test
  void aJobStartedByAnotherDriverMovesToThatDriver() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.73, 7.42, List.of(), null, null));
    apply(EventType.DRIVER_CREATED, driver("d2", 43.76, 7.44, List.of(), null, null));
    apply(EventType.JOB_CREATED, job("j1", 43.73, 7.42, List.of()));

    apply(EventType.JOB_STARTED, status("j1", "d2"));

    assertThat(state.jobs.get("j1").driverId()).isEqualTo("d2");
    assertThat(state.drivers.get("d1").jobIds()).isEmpty();
    assertThat(state.drivers.get("d2").jobIds()).containsExactly("j1");
  }

  @Test
  void decisionIdsDependOnlyOnCauseJobAndOutcomeSoReplaysDeduplicate() {
    CloudEvent cause = event(EventType.JOB_CREATED, job("j1", 43.73, 7.42, List.of()));
    apply(EventType.DRIVER_CREATED, driver("d1", 43.73, 7.42, List.of(), null, null));
    InMemoryZoneState replayState = new InMemoryZoneState();
    replayState.drivers.putAll(state.drivers);
    ZoneDispatcher replay =
        new ZoneDispatcher(
            "acct", "z1", replayState, Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC));

    List<String> first = dispatcher.apply(cause).stream().map(CloudEvent::id).toList();
    List<String> again = replay.apply(cause).stream().map(CloudEvent::id).toList();

    assertThat(again).isEqualTo(first);
  }

  @Test
  void anEmergencyGoesFirstToTheNearestCapableDriverEvenWhenFullAndTheDisplacedJobIsDecidedAgain() {
    apply(EventType.DRIVER_CREATED, driver("near", 43.7300, 7.4200, List.of("gas"), null, 2));
    apply(EventType.DRIVER_CREATED, driver("far", 43.7600, 7.4500, List.of(), null, 2));
    apply(EventType.JOB_CREATED, job("busy_1", 43.7301, 7.4201, List.of()));
    apply(EventType.JOB_CREATED, job("busy_2", 43.7302, 7.4202, List.of()));
    apply(EventType.JOB_STARTED, status("busy_1", "near"));

    List<AssignmentData> out =
        apply(
            EventType.DISPATCH_EMERGENCY,
            new EmergencyDispatchData(job("leak", 43.7305, 7.4205, List.of("gas")), "gas leak"));

    assertThat(out)
        .extracting(AssignmentData::jobId, AssignmentData::driverId)
        .containsExactly(tuple("leak", "near"), tuple("busy_2", "far"));
    assertThat(state.drivers.get("near").jobIds())
        .as("in progress first, then the emergency")
        .containsExactly("busy_1", "leak");
    assertThat(state.jobs.get("leak").job().priority()).isEqualTo(1);
  }

  @Test
  void aManuallyAssignedAndLockedJobStaysWithItsDriverWhenTheShiftEndsOrASkillGoes() {
    apply(EventType.DRIVER_CREATED, driver("near", 43.7300, 7.4200, List.of("hvac"), null, null));
    apply(EventType.DRIVER_CREATED, driver("chosen", 43.7600, 7.4500, List.of("hvac"), null, null));
    apply(EventType.JOB_CREATED, job("j1", 43.7301, 7.4201, List.of("hvac")));

    List<AssignmentData> manual =
        apply(
            EventType.DISPATCH_ASSIGN,
            new ManualAssignData("j1", "chosen", true, "customer's wish"));
    List<AssignmentData> skillGone =
        apply(EventType.DRIVER_UPDATED, driver("chosen", 43.7600, 7.4500, List.of(), null, null));
    List<AssignmentData> shiftEnded =
        apply(EventType.DRIVER_SHIFT_ENDED, new DriverStatusData("chosen", NOW, null, null));

    assertThat(manual)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.driverId()).isEqualTo("chosen");
              assertThat(a.rank()).as("a farther driver than the policy's pick").isEqualTo(2);
            });
    assertThat(skillGone).isEmpty();
    assertThat(shiftEnded).isEmpty();
    assertThat(state.jobs.get("j1").driverId()).isEqualTo("chosen");
    assertThat(state.jobs.get("j1").locked()).isTrue();
  }

  @Test
  void aDryRunProposesWithEveryCandidatesBreakdownAndChangesNothingAndADecisionMovesTheJob() {
    apply(EventType.DRIVER_CREATED, driver("near", 43.7300, 7.4200, List.of(), null, null));
    apply(EventType.DRIVER_CREATED, driver("far", 43.7600, 7.4500, List.of(), null, null));
    apply(EventType.JOB_CREATED, job("j1", 43.7301, 7.4201, List.of()));
    apply(EventType.DISPATCH_ASSIGN, new ManualAssignData("j1", "far", false, "by hand"));
    var farBefore = state.drivers.get("far");
    var jobBefore = state.jobs.get("j1");

    CloudEvent dry = event(EventType.DISPATCH_DECIDE, new DecideData("j1", true, null));
    List<CloudEvent> proposal = dispatcher.apply(dry);

    assertThat(proposal)
        .singleElement()
        .satisfies(e -> assertThat(e.eventType()).isEqualTo(EventType.AUDIT_DECISION));
    AuditDecisionData p = proposal.get(0).data(AuditDecisionData.class);
    assertThat(p.outcome()).isEqualTo("proposed");
    assertThat(p.driverId()).isEqualTo("near");
    assertThat(p.causeEventId()).isEqualTo(dry.id());
    assertThat(p.candidates()).extracting(AuditCandidate::driverId).startsWith("near", "far");
    assertThat(p.candidates())
        .allSatisfy(
            c -> {
              assertThat(c.reason()).as("%s", c).isNotNull();
              assertThat(c.insertAt()).as("%s", c).isNotNull();
            });
    assertThat(p.candidates().get(1).insertAt())
        .as("far is weighed as if the job were not on its route yet")
        .isZero();
    assertThat(state.drivers.get("far")).as("a dry run changes nothing").isEqualTo(farBefore);
    assertThat(state.jobs.get("j1")).isEqualTo(jobBefore);

    CloudEvent decide = event(EventType.DISPATCH_DECIDE, new DecideData("j1", false, null));
    List<AssignmentData> decided =
        dispatcher.apply(decide).stream()
            .filter(e -> e.data() instanceof AssignmentData)
            .map(e -> e.data(AssignmentData.class))
            .toList();
    assertThat(decided)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.driverId()).isEqualTo("near");
              assertThat(a.causeEventId()).isEqualTo(decide.id());
            });
    assertThat(state.drivers.get("far").jobIds()).doesNotContain("j1");

    apply(EventType.DISPATCH_LOCK, new LockData("j1", null));
    CloudEvent pinned = event(EventType.DISPATCH_DECIDE, new DecideData("j1", false, null));
    assertThat(deadLetter(dispatcher.apply(pinned), pinned).errorMessage()).contains("pinned");
  }

  @Test
  void aDriverWhoFinishesLateIsRatedLowerAndLosesATieToAPunctualOne() {
    // Two drivers the same distance from where the next job will be.
    apply(EventType.DRIVER_CREATED, driver("late", 43.7300, 7.4200, List.of(), null, 20));
    apply(EventType.DRIVER_CREATED, driver("punctual", 43.7320, 7.4200, List.of(), null, 20));
    TimeWindow past =
        new TimeWindow(
            OffsetDateTime.ofInstant(NOW.minusSeconds(7200), ZoneOffset.UTC),
            OffsetDateTime.ofInstant(NOW.minusSeconds(3600), ZoneOffset.UTC));
    for (int i = 0; i < 3; i++) {
      String id = "old" + i;
      apply(
          EventType.JOB_CREATED,
          new JobData(
              id, null, GeoPoint.of(43.70, 7.40), 10.0, null, List.of(past), null, null, null));
      apply(EventType.DISPATCH_ASSIGN, new ManualAssignData(id, "late", false, null));
      apply(EventType.JOB_COMPLETED, new JobStatusData(id, "late", NOW, null, null));
    }
    assertThat(state.drivers.get("late").record()).isEqualTo(new TrackRecord(3, 0));
    assertThat(state.drivers.get("late").performance()).isLessThan(TrackRecord.PRIOR);

    List<AssignmentData> out =
        apply(EventType.JOB_CREATED, job("next", 43.7310, 7.4200, List.of()));

    assertThat(out)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.driverId()).isEqualTo("punctual");
              assertThat(a.reason().performance()).isEqualTo(TrackRecord.PRIOR);
            });
  }

  @Test
  void aCommandTheZoneCannotApplyIsADeadLetterNamingTheFieldAndChangesNothing() {
    apply(EventType.DRIVER_CREATED, driver("a", 43.7300, 7.4200, List.of(), null, null));
    apply(EventType.DRIVER_CREATED, driver("resting", 43.7310, 7.4210, List.of(), null, null));
    apply(EventType.DRIVER_SHIFT_ENDED, new DriverStatusData("resting", NOW, null, null));
    apply(EventType.JOB_CREATED, job("j1", 43.7301, 7.4201, List.of()));

    CloudEvent elsewhere =
        event(EventType.DISPATCH_ASSIGN, new ManualAssignData("j1", "nobody", false, null));
    CloudEvent offShift =
        event(EventType.DISPATCH_ASSIGN, new ManualAssignData("j1", "resting", false, null));
    List<CloudEvent> outElsewhere = dispatcher.apply(elsewhere);
    List<CloudEvent> outOffShift = dispatcher.apply(offShift);
    apply(EventType.JOB_STARTED, new JobStatusData("j1", "a", NOW, null, null));
    CloudEvent underWay =
        event(EventType.DISPATCH_ASSIGN, new ManualAssignData("j1", "resting", false, null));
    List<CloudEvent> outUnderWay = dispatcher.apply(underWay);
    apply(EventType.JOB_CREATED, job("j2", 43.7301, 7.4201, List.of("crane")));
    CloudEvent pinNobody = event(EventType.DISPATCH_LOCK, new LockData("j2", null));
    List<CloudEvent> outPin = dispatcher.apply(pinNobody);

    assertThat(deadLetter(outElsewhere, elsewhere).errorPath()).isEqualTo("/data/driver_id");
    assertThat(deadLetter(outElsewhere, elsewhere).errorMessage())
        .contains("not in the job's zone");
    assertThat(deadLetter(outOffShift, offShift).errorMessage()).contains("off shift");
    assertThat(deadLetter(outUnderWay, underWay).errorPath()).isEqualTo("/data/job_id");
    assertThat(deadLetter(outPin, pinNobody).errorMessage()).contains("no driver to pin");
    assertThat(state.jobs.get("j1").driverId()).isEqualTo("a");
    assertThat(state.jobs.get("j2").locked()).isFalse();
  }

  private static DlqData deadLetter(List<CloudEvent> out, CloudEvent command) {
    assertThat(out)
        .singleElement()
        .satisfies(e -> assertThat(e.id()).isEqualTo("dlq_" + command.id()));
    DlqData d = out.get(0).data(DlqData.class);
    assertThat(d.errorCode()).isEqualTo(ErrorCode.COMMAND_NOT_APPLICABLE.name());
    assertThat(d.sourceTopic()).isEqualTo(Topic.COMMANDS.topicName());
    return d;
  }

  @Test
  void anUnlockedJobMovesAgainWhenItsDriverCanNoLongerDoIt() {
    apply(EventType.DRIVER_CREATED, driver("a", 43.7300, 7.4200, List.of("hvac"), null, null));
    apply(EventType.DRIVER_CREATED, driver("b", 43.7600, 7.4500, List.of("hvac"), null, null));
    apply(EventType.JOB_CREATED, job("j1", 43.7301, 7.4201, List.of("hvac")));
    apply(EventType.DISPATCH_LOCK, new LockData("j1", "appointment confirmed"));
    List<AssignmentData> whileLocked =
        apply(EventType.DRIVER_UPDATED, driver("a", 43.7300, 7.4200, List.of(), null, null));

    apply(EventType.DISPATCH_UNLOCK, new LockData("j1", null));
    List<AssignmentData> afterUnlock =
        apply(EventType.DRIVER_UPDATED, driver("a", 43.7300, 7.4200, List.of(), null, null));

    assertThat(whileLocked).isEmpty();
    assertThat(afterUnlock).singleElement().satisfies(a -> assertThat(a.driverId()).isEqualTo("b"));
  }

  @Test
  void everyDecisionComesWithItsDecisionLogRecord() {
    apply(
        EventType.DRIVER_CREATED, driver("near_unskilled", 43.7301, 7.4201, List.of(), null, null));
    apply(EventType.DRIVER_CREATED, driver("far", 43.7600, 7.4500, List.of("hvac"), null, null));

    List<CloudEvent> out =
        dispatcher.apply(event(EventType.JOB_CREATED, job("j1", 43.73, 7.42, List.of("hvac"))));

    assertThat(out)
        .extracting(CloudEvent::eventType)
        .containsExactly(EventType.ASSIGNMENT_ASSIGNED, EventType.AUDIT_DECISION);
    AuditDecisionData audit = out.get(1).data(AuditDecisionData.class);
    assertThat(audit.decisionEventId()).isEqualTo(out.get(0).id());
    assertThat(audit.causeType()).isEqualTo(EventType.JOB_CREATED.type());
    assertThat(audit.driverId()).isEqualTo("far");
    assertThat(audit.policy()).isEqualTo("cheapest-insertion");
    assertThat(audit.candidates())
        .as("the scored drivers best first, then those who could not take it")
        .extracting(AuditCandidate::driverId, AuditCandidate::excludedReason)
        .containsExactly(tuple("far", null), tuple("near_unskilled", "SKILL"));
    assertThat(audit.candidates().get(0).score()).isPositive();
  }

  @Test
  void learnedServiceTimesReplaceTheDeclaredOneInTheExplanationAndTheLogNamesTheModelVersion() {
    ServiceTimes learned = (job, driverId) -> new ServiceTimes.Estimate(55, 7L);
    ZoneDispatcher withModel =
        new ZoneDispatcher("acct", "z1", state, Clock.fixed(NOW, ZoneOffset.UTC), learned);
    withModel.apply(
        event(EventType.DRIVER_CREATED, driver("d1", 43.73, 7.42, List.of(), null, null)));

    List<CloudEvent> out =
        withModel.apply(event(EventType.JOB_CREATED, job("j1", 43.73, 7.42, List.of())));

    AssignmentData decision = out.get(0).data(AssignmentData.class);
    AuditDecisionData audit = out.get(1).data(AuditDecisionData.class);
    assertThat(decision.reason().predictedDurationMinutes())
        .as("55 min service, no travel")
        .isEqualTo(55);
    assertThat(audit.predictedServiceMinutes()).isEqualTo(55);
    assertThat(audit.durationModelVersion()).isEqualTo(7L);
  }

  @Test
  void anAdoptedPlanMovesJobsAndReordersRoutesButNeverMovesAStartedOrLockedJob() {
    apply(EventType.DRIVER_CREATED, driver("a", 43.7300, 7.4200, List.of(), null, null));
    apply(EventType.JOB_CREATED, job("started", 43.7301, 7.4201, List.of()));
    apply(EventType.JOB_CREATED, job("locked", 43.7302, 7.4202, List.of()));
    apply(EventType.JOB_CREATED, job("far", 43.7600, 7.4500, List.of()));
    apply(EventType.DRIVER_CREATED, driver("b", 43.7600, 7.4500, List.of(), null, null));
    apply(EventType.JOB_STARTED, status("started", "a"));
    apply(EventType.DISPATCH_LOCK, new LockData("locked", null));
    // The plan wants everything on b, in reverse order.
    CloudEvent replan =
        event(
            EventType.DISPATCH_REPLAN,
            new ReplanData(
                "z1",
                9,
                1000,
                600,
                plan(
                    new PlanRoute(
                        "b", List.of(stop("far"), stop("locked"), stop("started")), 0, 0, null))));

    List<AssignmentData> moves =
        dispatcher.adopt(replan).stream()
            .filter(e -> e.data() instanceof AssignmentData)
            .map(e -> e.data(AssignmentData.class))
            .toList();

    assertThat(moves)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.jobId()).isEqualTo("far");
              assertThat(m.driverId()).isEqualTo("b");
              assertThat(m.causeEventId()).isEqualTo(replan.id());
            });
    assertThat(state.drivers.get("a").jobIds()).containsExactly("started", "locked");
    assertThat(state.drivers.get("b").jobIds()).containsExactly("far");
  }

  @Test
  void anAdoptedPlanPutsAPairsPickupWhereThePlanHasItAndMovesAPairWithBothStops() {
    Pickup depot = new Pickup(GeoPoint.of(43.7310, 7.4210), null, null);
    Pickup eastDepot = new Pickup(GeoPoint.of(43.7590, 7.4490), null, null);
    apply(EventType.DRIVER_CREATED, driver("a", 43.7300, 7.4200, List.of(), null, null));
    apply(EventType.DRIVER_CREATED, driver("b", 43.7600, 7.4500, List.of(), null, null));
    apply(EventType.JOB_CREATED, job("j1", 43.7301, 7.4201, List.of()));
    apply(
        EventType.JOB_CREATED,
        job("p1", 43.7302, 7.4202, List.of()).withDelivery(depot, null, null, null));
    apply(
        EventType.JOB_CREATED,
        job("p2", 43.7601, 7.4501, List.of()).withDelivery(eastDepot, null, null, null));
    assertThat(state.jobs.get("p2").driverId()).isEqualTo("b");
    // a collects p1 first, then j1, then delivers p1; and takes p2 from b, both its stops.
    CloudEvent replan =
        event(
            EventType.DISPATCH_REPLAN,
            new ReplanData(
                "z1",
                9,
                1000,
                600,
                plan(
                    new PlanRoute(
                        "a",
                        List.of(
                            stop("p1", PlanStop.PICKUP),
                            stop("p2", PlanStop.PICKUP),
                            stop("j1"),
                            stop("p1", PlanStop.DROPOFF),
                            stop("p2", PlanStop.DROPOFF)),
                        0,
                        0,
                        null))));

    List<AssignmentData> moves =
        dispatcher.adopt(replan).stream()
            .filter(e -> e.data() instanceof AssignmentData)
            .map(e -> e.data(AssignmentData.class))
            .toList();

    assertThat(moves).extracting(AssignmentData::jobId).containsExactly("p2");
    assertThat(state.drivers.get("a").stopOrder())
        .containsExactly(
            StopKey.pickupOf("p1"),
            StopKey.pickupOf("p2"),
            StopKey.at("j1"),
            StopKey.at("p1"),
            StopKey.at("p2"));
    assertThat(state.drivers.get("a").jobIds()).containsExactly("j1", "p1", "p2");
    assertThat(state.drivers.get("b").stopOrder()).isEmpty();
  }

  private static PlanData plan(PlanRoute... routes) {
    return new PlanData(
        "reopt_z1_9",
        null,
        "completed",
        "commit",
        "min_duration",
        600.0,
        600.0,
        1000.0,
        List.of(routes),
        List.of(),
        "haversine",
        9L,
        100L,
        null,
        NOW);
  }

  private static PlanStop stop(String jobId) {
    return stop(jobId, null);
  }

  private static PlanStop stop(String jobId, String kind) {
    return new PlanStop(
        jobId, NOW.atOffset(ZoneOffset.UTC), NOW.atOffset(ZoneOffset.UTC), 600, kind);
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

  private static JobData job(String id, double lat, double lng, List<String> skills) {
    return new JobData(id, null, GeoPoint.of(lat, lng), 10.0, null, null, skills, null, null);
  }

  private static DriverData driver(
      String id, double lat, double lng, List<String> skills, TimeWindow shift, Integer max) {
    return new DriverData(
        id, null, null, null, GeoPoint.of(lat, lng), null, shift, skills, max, null);
  }

  private static JobStatusData status(String jobId, String driverId) {
    return new JobStatusData(jobId, driverId, NOW, null, null);
  }
}
