package io.fleetstream.bridge.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.json.EventJson;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Validation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The job fast path never lets through what the schema validator would reject. */
class JobEventFastPathTest {

  private static final EventValidator VALIDATOR = EventValidator.create();
  private static final Instant NOW = Instant.parse("2026-11-23T17:00:00.123Z");
  private static final OffsetDateTime NINE = OffsetDateTime.parse("2026-11-24T09:00:00+01:00");

  @Test
  void aPlainJobFromTheApiSkipsTheSchemaEngine() {
    CloudEvent e =
        event(
            "acct_1",
            job("job_abc", "ext-1", 43.73, 7.42, 5.0, null, List.of(), List.of(), null, null));
    assertThat(JobEventFastPath.plainlyValid(e)).isTrue();
    assertThat(VALIDATOR.validate(Topic.JOBS, EventJson.toBytes(e)))
        .isInstanceOf(Validation.Valid.class);
  }

  @Test
  void unusualValuesGoToTheValidator() {
    List<CloudEvent> unusual =
        List.of(
            event(
                "acct_1",
                job("job_abc", "", 43.73, 7.42, null, null, List.of(), List.of(), null, null)),
            event(
                "acct_1",
                job(
                    "job_abc", null, 90.000001, 7.42, null, null, List.of(), List.of(), null,
                    null)),
            event(
                "acct_1",
                job(
                    "job_abc",
                    null,
                    Double.NaN,
                    7.42,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    null,
                    null)),
            event(
                "acct_1",
                job("job_abc", null, 1, 1, 1440.5, null, List.of(), List.of(), null, null)),
            event("acct_1", job("job_abc", null, 1, 1, null, 6, List.of(), List.of(), null, null)),
            event(
                "acct_1", job("job/abc", null, 1, 1, null, null, List.of(), List.of(), null, null)),
            event(
                "acct_1\n",
                job("job_abc", null, 1, 1, null, null, List.of(), List.of(), null, null)),
            event(
                "acct_1",
                job("job_abc", null, 1, 1, null, null, List.of(), List.of("a", "a"), null, null)),
            event(
                "acct_1",
                job("job_abc", null, 1, 1, null, null, List.of(), List.of(), null, "zone 1")),
            event(
                "acct_1",
                job(
                    "job_abc",
                    null,
                    1,
                    1,
                    null,
                    null,
                    List.of(
                        new TimeWindow(
                            NINE,
                            NINE.withOffsetSameInstant(ZoneOffset.ofHoursMinutesSeconds(5, 30, 45))
                                .plusHours(1))),
                    List.of(),
                    null,
                    null)),
            event(
                "acct_1",
                job(
                    "job_abc",
                    null,
                    1,
                    1,
                    null,
                    null,
                    List.of(
                        new TimeWindow(NINE.withYear(10_000), NINE.withYear(10_000).plusHours(1))),
                    List.of(),
                    null,
                    null)),
            event(
                "acct_1",
                job(
                    "job_abc",
                    null,
                    1,
                    1,
                    null,
                    null,
                    List.of(new TimeWindow(NINE, NINE)),
                    List.of(),
                    null,
                    null)),
            event(
                "acct_1",
                job(
                    "job_abc",
                    null,
                    1,
                    1,
                    null,
                    null,
                    Collections.nCopies(17, new TimeWindow(NINE, NINE.plusHours(1))),
                    List.of(),
                    null,
                    null)),
            new CloudEvent(
                "1.0",
                "evt_1",
                "/api/v1",
                EventType.JOB_CANCELLED.type(),
                "job_abc",
                NOW,
                "application/json",
                "acct_1",
                "job_abc",
                new JobStatusData("job_abc", null, NOW, null, null)));
    for (CloudEvent e : unusual) {
      assertThat(JobEventFastPath.plainlyValid(e)).as(e.toString()).isFalse();
    }
  }

  /**
   * Differential: random jobs around every boundary of the schema; the fast path may only be
   * stricter.
   */
  @Test
  void whateverTheFastPathAcceptsTheValidatorAccepts() {
    Random random = new Random(20261123);
    int accepted = 0;
    int tried = 50_000;
    for (int i = 0; i < tried; i++) {
      CloudEvent e =
          event(
              pick(random, "acct_1", "a.b-c_9", "", "x".repeat(64), "x".repeat(65), "a/b", "ünï"),
              job(
                  pick(random, "job_1", "job:a.b-c", "", "x".repeat(128), "x".repeat(129), "job 1"),
                  pick(random, null, "ext", "", "e".repeat(128), "e".repeat(129), "日本語"),
                  pick(
                      random,
                      0.0,
                      90.0,
                      -90.0,
                      90.0000001,
                      -90.0000001,
                      43.7,
                      Double.NaN,
                      Double.POSITIVE_INFINITY),
                  pick(random, 0.0, 180.0, -180.0, 180.0000001, -180.0000001, 7.4, Double.NaN),
                  pick(random, null, 0.0, 1440.0, 1440.0001, -0.0001, 5.0, Double.NaN, -0.0),
                  pick(random, null, 0, 1, 5, 6, 3),
                  windows(random),
                  skills(random),
                  pick(random, null, "repair", "", "t".repeat(64), "t".repeat(65)),
                  pick(
                      random,
                      null,
                      "z1",
                      "a:b.c-d_e",
                      "",
                      "z".repeat(64),
                      "z".repeat(65),
                      "z 1",
                      "z/1")));
      boolean fast = JobEventFastPath.plainlyValid(e);
      if (!fast) {
        continue;
      }
      accepted++;
      Validation v = VALIDATOR.validate(Topic.JOBS, EventJson.toBytes(e));
      assertThat(v).as("the fast path accepted %s", e).isInstanceOf(Validation.Valid.class);
    }
    assertThat(accepted)
        .as("the differential test must exercise accepted events too")
        .isGreaterThan(20);
  }

  private static List<TimeWindow> windows(Random random) {
    int n = pick(random, 0, 0, 1, 2, 16, 17);
    List<TimeWindow> windows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      OffsetDateTime start =
          pick(
              random,
              NINE,
              NINE.withOffsetSameInstant(ZoneOffset.UTC),
              NINE.withOffsetSameInstant(ZoneOffset.ofHours(-12)),
              NINE.withNano(123_456_789),
              NINE.withYear(999),
              NINE.withYear(1000),
              NINE.withYear(9999),
              NINE.withOffsetSameInstant(ZoneOffset.ofHoursMinutes(5, 45)),
              NINE.withOffsetSameInstant(ZoneOffset.ofHoursMinutesSeconds(5, 30, 45)),
              NINE.withSecond(0).withNano(0));
      OffsetDateTime end =
          pick(random, start.plusHours(1), start, start.minusMinutes(1), start.plusNanos(1));
      windows.add(new TimeWindow(start, end));
    }
    return windows;
  }

  private static List<String> skills(Random random) {
    int n = pick(random, 0, 0, 1, 3, 64, 65);
    List<String> skills = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      skills.add(pick(random, "s" + i, "s" + i, "s" + i, "", "k".repeat(64) + i, "s0"));
    }
    return skills;
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }

  private static JobData job(
      String id,
      String externalId,
      double lat,
      double lng,
      Double serviceMinutes,
      Integer priority,
      List<TimeWindow> windows,
      List<String> skills,
      String jobType,
      String zone) {
    return new JobData(
        id,
        externalId,
        new GeoPoint(lat, lng, null),
        serviceMinutes,
        priority,
        windows,
        skills,
        jobType,
        zone);
  }

  private static CloudEvent event(String tenant, JobData job) {
    return new CloudEvent(
        "1.0",
        "evt_1",
        "/api/v1",
        EventType.JOB_CREATED.type(),
        job.jobId(),
        NOW,
        "application/json",
        tenant,
        job.jobId() == null || job.jobId().isEmpty() ? "k" : job.jobId(),
        job);
  }
}
