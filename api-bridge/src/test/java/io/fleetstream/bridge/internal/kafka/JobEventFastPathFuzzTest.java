package io.fleetstream.bridge.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
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
import java.util.List;
import java.util.function.Supplier;

/**
 * The bridge's job fast path, differentially and guided by coverage: whatever event it calls
 * plainly valid, the JSON Schema validator accepts. The input is read field by field (Jazzer's
 * {@link FuzzedDataProvider}): each field is either a plain valid value or a fuzzed one — null,
 * empty, huge, out of range or of an odd shape — so the fuzzer walks each bound of the schema from
 * both sides, starting from an event the fast path accepts.
 */
class JobEventFastPathFuzzTest {

  private static final EventValidator VALIDATOR = EventValidator.create();
  private static final long YEAR_0 = OffsetDateTime.parse("0000-01-01T00:00:00Z").toEpochSecond();
  private static final long YEAR_10000 =
      OffsetDateTime.parse("+10000-12-31T23:59:59Z").toEpochSecond();

  /**
   * Room at the ends of OffsetDateTime's range for any offset and the ±100,000 s window lengths.
   */
  private static final long MARGIN = 86_400 * 10;

  private static final Instant NOW = Instant.parse("2026-11-23T17:00:00.123Z");
  private static final OffsetDateTime NINE = OffsetDateTime.parse("2026-11-24T09:00:00+01:00");
  private static final EventType[] TYPES = {
    EventType.JOB_CREATED, EventType.JOB_UPDATED, EventType.JOB_CANCELLED
  };

  @FuzzTest(maxDuration = "60s")
  void fastPathNeverAcceptsWhatTheValidatorRejects(FuzzedDataProvider in) {
    EventType type = in.pickValue(TYPES);
    CloudEvent event =
        new CloudEvent(
            or(in, "1.0", () -> text(in, 4)),
            or(in, "evt_1", () -> text(in, 300)),
            or(in, "/api/v1", () -> text(in, 600)),
            type.type(),
            or(in, "job_1", () -> nullable(in, 300)),
            or(in, NOW, () -> instant(in)),
            or(in, "application/json", () -> text(in, 20)),
            or(in, "acct_1", () -> text(in, 80)),
            or(in, "job_1", () -> text(in, 300)),
            type == EventType.JOB_CANCELLED
                ? new JobStatusData(text(in, 140), null, instant(in), null, null)
                : job(in));

    if (!JobEventFastPath.plainlyValid(event)) {
      return;
    }
    assertThat(VALIDATOR.validate(Topic.JOBS, EventJson.toBytes(event)))
        .as("the fast path accepted %s", event)
        .isInstanceOf(Validation.Valid.class);
  }

  /**
   * The plain value when the input says so (or has run out: Jazzer then answers false), else a
   * fuzzed one. So the empty input is a valid job the fast path accepts, and every mutation starts
   * from there, one field at a time.
   */
  private static <T> T or(FuzzedDataProvider in, T plain, Supplier<T> fuzzed) {
    return in.consumeBoolean() ? fuzzed.get() : plain;
  }

  private static JobData job(FuzzedDataProvider in) {
    GeoPoint location =
        or(
            in,
            new GeoPoint(43.73, 7.42, null),
            () ->
                in.consumeBoolean()
                    ? null
                    : new GeoPoint(number(in), number(in), nullable(in, 600)));
    Double serviceMinutes = or(in, 5.0, () -> in.consumeBoolean() ? null : number(in));
    Integer priority = or(in, 3, () -> in.consumeBoolean() ? null : in.consumeInt(-2, 8));
    int windowCount = in.consumeInt(0, 18);
    List<TimeWindow> windows = new ArrayList<>();
    for (int i = 0; i < windowCount; i++) {
      OffsetDateTime start = or(in, NINE, () -> dateTime(in));
      windows.add(
          new TimeWindow(
              start,
              or(
                  in,
                  start.plusHours(1),
                  () ->
                      in.consumeBoolean()
                          ? start.plusSeconds(in.consumeInt(-100_000, 100_000))
                          : dateTime(in))));
    }
    int skillCount = in.consumeInt(0, 66);
    List<String> skills = new ArrayList<>();
    for (int i = 0; i < skillCount; i++) {
      String plain = "s" + i;
      skills.add(or(in, plain, () -> text(in, 70)));
    }
    return new JobData(
        or(in, "job_1", () -> text(in, 140)),
        or(in, null, () -> nullable(in, 140)),
        location,
        serviceMinutes,
        priority,
        windows,
        skills,
        or(in, null, () -> nullable(in, 70)),
        or(in, null, () -> nullable(in, 70)));
  }

  private static String text(FuzzedDataProvider in, int maxLength) {
    return in.consumeString(maxLength);
  }

  private static String nullable(FuzzedDataProvider in, int maxLength) {
    return in.consumeBoolean() ? null : in.consumeString(maxLength);
  }

  /**
   * Half the time a plausible magnitude (near the schema's bounds), else any double, NaN and
   * infinities too.
   */
  private static double number(FuzzedDataProvider in) {
    return in.consumeBoolean() ? in.consumeRegularDouble(-2000, 2000) : in.consumeDouble();
  }

  /** Years 0–10,000 most of the time (where the bounds are), else any instant Java can hold. */
  private static Instant instant(FuzzedDataProvider in) {
    long seconds =
        in.consumeBoolean()
            ? in.consumeLong(YEAR_0, YEAR_10000)
            : in.consumeLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
    return Instant.ofEpochSecond(seconds, in.consumeInt(0, 999_999_999));
  }

  /**
   * An instant as above (kept clear of the ends), at any offset Java allows (±18:00, to the
   * second).
   */
  private static OffsetDateTime dateTime(FuzzedDataProvider in) {
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(in.consumeInt(-18 * 3600, 18 * 3600));
    long seconds =
        in.consumeBoolean()
            ? in.consumeLong(YEAR_0, YEAR_10000)
            : in.consumeLong(
                OffsetDateTime.MIN.toEpochSecond() + MARGIN,
                OffsetDateTime.MAX.toEpochSecond() - MARGIN);
    return Instant.ofEpochSecond(seconds, in.consumeInt(0, 999_999_999)).atOffset(offset);
  }
}
