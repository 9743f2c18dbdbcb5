package io.fleetstream.bridge.internal.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AuditCandidate;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.TimeWindow;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver's history and the decision log as the views fold them: each step counts once (a replay
 * of the same record does not count again), on the day it happened, for the driver who did it;
 * decisions list per job and by time, and leave with their retention.
 */
class DriverHistoryTest {

  private static final String TENANT = "acct_hist";
  private static final Instant DAY = Instant.parse("2026-12-01T08:00:00Z");

  @TempDir Path dir;
  private long offset;

  @Test
  void completionsAndFailuresCountOnceOnTheirDayForTheDriverWhoDidThem() {
    try (ViewStore views = new ViewStore(dir)) {
      // on time: window ends 10:00, done 09:30 after a 30-minute job
      job(views, "j1", DAY.plusSeconds(2 * 3600));
      CloudEvent start = step(EventType.JOB_STARTED, "j1", "drv_a", DAY.plusSeconds(3600));
      views.apply(Topic.JOBS, start, ++offset);
      CloudEvent done = step(EventType.JOB_COMPLETED, "j1", null, DAY.plusSeconds(5400));
      long doneOffset = ++offset;
      views.apply(Topic.JOBS, done, doneOffset);
      views.apply(Topic.JOBS, done, doneOffset); // read again after a restart: no second count
      // late by 15 minutes, no start reported
      job(views, "j2", DAY.plusSeconds(3600));
      views.apply(
          Topic.JOBS,
          step(EventType.JOB_COMPLETED, "j2", "drv_a", DAY.plusSeconds(4500)),
          ++offset);
      // a failure the next day, and another driver's job
      job(views, "j3", null);
      views.apply(
          Topic.JOBS, step(EventType.JOB_FAILED, "j3", "drv_a", DAY.plusSeconds(86_400)), ++offset);
      job(views, "j4", null);
      views.apply(
          Topic.JOBS, step(EventType.JOB_COMPLETED, "j4", "drv_b", DAY.plusSeconds(600)), ++offset);

      List<DriverDay> a =
          views
              .history()
              .days(TENANT, "drv_a", LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-02"));
      assertThat(a).extracting(DriverDay::day).containsExactly("2026-12-01", "2026-12-02");
      DriverDay first = a.get(0);
      assertThat(first.completed()).isEqualTo(2);
      assertThat(first.withWindow()).isEqualTo(2);
      assertThat(first.onTime()).isEqualTo(1);
      assertThat(first.latenessSumS()).isEqualTo(900.0);
      assertThat(first.busyS()).as("only j1 reported its start").isEqualTo(1800.0);
      assertThat(a.get(1).failed()).isEqualTo(1);
      assertThat(
              views
                  .history()
                  .days(
                      TENANT,
                      "drv_a",
                      LocalDate.parse("2026-12-02"),
                      LocalDate.parse("2026-12-02")))
          .as("the range bounds the days")
          .extracting(DriverDay::day)
          .containsExactly("2026-12-02");
      assertThat(
              views
                  .history()
                  .days(
                      TENANT,
                      "drv_b",
                      LocalDate.parse("2026-12-01"),
                      LocalDate.parse("2026-12-01")))
          .singleElement()
          .satisfies(d -> assertThat(d.completed()).isEqualTo(1));
    }
  }

  @Test
  void decisionsAreListedPerJobAndByTimeAndLeaveWithTheirRetention() {
    try (ViewStore views = new ViewStore(dir)) {
      views.apply(Topic.AUDIT, decision("j1", "drv_a", DAY), ++offset);
      views.apply(Topic.AUDIT, decision("j1", "drv_b", DAY.plusSeconds(60)), ++offset);
      views.apply(Topic.AUDIT, decision("j2", "drv_a", DAY.plusSeconds(120)), ++offset);

      assertThat(views.audit().decisions(TENANT, "j1", null, 10).items())
          .extracting(d -> d.decision().driverId())
          .containsExactly("drv_a", "drv_b");
      var page = views.audit().decisions(TENANT, DAY, DAY.plusSeconds(121), null, 1, d -> true);
      assertThat(page.more()).isTrue();
      var rest =
          views
              .audit()
              .decisions(
                  TENANT, DAY, DAY.plusSeconds(121), page.items().get(0).cursor(), 10, d -> true);
      assertThat(rest.items()).extracting(d -> d.decision().jobId()).containsExactly("j1", "j2");
      assertThat(
              views
                  .audit()
                  .decisions(TENANT, DAY.plusSeconds(1), DAY.plusSeconds(120), null, 10, d -> true)
                  .items())
          .as("[from, to)")
          .extracting(d -> d.decision().driverId())
          .containsExactly("drv_b");

      assertThat(views.audit().purgeBefore(DAY.plusSeconds(90))).isEqualTo(4);
      assertThat(views.audit().decisions(TENANT, "j1", null, 10).items()).isEmpty();
      assertThat(views.audit().decisions(TENANT, "j2", null, 10).items()).hasSize(1);
    }
  }

  @Test
  void aStoreBuiltBeforeTheIndexesExistedFillsThemWhenItOpens() {
    try (ViewStore views = new ViewStore(dir)) {
      job(views, "j1", null);
      views.apply(
          Topic.ASSIGNMENTS,
          event(
              EventType.ASSIGNMENT_ASSIGNED,
              "j1",
              new io.fleetstream.schemas.events.AssignmentData(
                  "j1", "drv_a", "z1", 1, 80.0, null, 1, 100.0, "road", null, 1, DAY, "evt_c")),
          ++offset);
      assertThat(views.jobsOf(TENANT, "drv_a")).extracting(JobView::id).containsExactly("j1");
    }
    // As an older bridge left it: the job view, no index entries, no index version.
    try (var db = io.fleetstream.bridge.internal.store.KeyValueStore.open(dir, ViewStore.TABLES)) {
      db.table("driver_jobs").keys("").forEach(db.table("driver_jobs")::delete);
      db.table("offsets").delete("_indexes");
    }
    try (ViewStore views = new ViewStore(dir)) {
      assertThat(views.jobsOf(TENANT, "drv_a")).extracting(JobView::id).containsExactly("j1");
    }
  }

  private void job(ViewStore views, String id, Instant windowEnd) {
    List<TimeWindow> windows =
        windowEnd == null
            ? List.of()
            : List.of(
                new TimeWindow(
                    OffsetDateTime.ofInstant(windowEnd.minusSeconds(7200), ZoneOffset.UTC),
                    OffsetDateTime.ofInstant(windowEnd, ZoneOffset.UTC)));
    views.apply(
        Topic.JOBS,
        event(
            EventType.JOB_CREATED,
            id,
            new JobData(id, null, GeoPoint.of(43.73, 7.42), 30.0, null, windows, null, null, null)),
        ++offset);
  }

  private static CloudEvent step(EventType type, String job, String driver, Instant at) {
    return event(type, job, new JobStatusData(job, driver, at, null, null));
  }

  private static CloudEvent decision(String job, String driver, Instant at) {
    return event(
        EventType.AUDIT_DECISION,
        TENANT,
        new AuditDecisionData(
            "evt_" + job + "_" + at.getEpochSecond(),
            job,
            "z1",
            "evt_cause",
            EventType.JOB_CREATED.type(),
            "assigned",
            driver,
            null,
            "nearest",
            1,
            1,
            List.of(new AuditCandidate(driver, 120.0, 80.0, null)),
            30.0,
            null,
            at));
  }

  private static CloudEvent event(EventType type, String key, EventData data) {
    return CloudEvent.create(type, "/test", TENANT, key, data);
  }
}
