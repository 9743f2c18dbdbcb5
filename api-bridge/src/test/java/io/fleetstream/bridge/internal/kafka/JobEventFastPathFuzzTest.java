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

/**
 * The bridge's job fast path, differentially and guided by coverage: whatever event it calls
 * plainly valid, the JSON Schema validator accepts. The input is read field by field (Jazzer's
 * {@link FuzzedDataProvider}); every field can be null, empty, huge, out of range or of an odd
 * shape, so the fuzzer can walk each bound of the schema from both sides.
 */
class JobEventFastPathFuzzTest {

  private static final EventValidator VALIDATOR = EventValidator.create();
  private static final long YEAR_0 = OffsetDateTime.parse("0000-01-01T00:00:00Z").toEpochSecond();
  private static final long YEAR_10000 = OffsetDateTime.parse("+10000-12-31T23:59:59Z").toEpochSecond();
  private static final long DAY = 86_400 * 2;
  private static final EventType[] TYPES = {EventType.JOB_CREATED, EventType.JOB_UPDATED, EventType.JOB_CANCELLED};

  @FuzzTest(maxDuration = "60s")
  void fastPathNeverAcceptsWhatTheValidatorRejects(FuzzedDataProvider in) {
    EventType type = in.pickValue(TYPES);
    CloudEvent event = new CloudEvent(in.consumeBoolean() ? "1.0" : text(in, 4), text(in, 300), text(in, 600),
        type.type(), nullable(in, 300), instant(in), in.consumeBoolean() ? "application/json" : text(in, 20),
        text(in, 80), text(in, 300), type == EventType.JOB_CANCELLED
            ? new JobStatusData(text(in, 140), null, instant(in), null, null)
            : job(in));

    if (!JobEventFastPath.plainlyValid(event)) {
      return;
    }
    assertThat(VALIDATOR.validate(Topic.JOBS, EventJson.toBytes(event))).as("the fast path accepted %s", event)
        .isInstanceOf(Validation.Valid.class);
  }

  private static JobData job(FuzzedDataProvider in) {
    GeoPoint location = in.consumeBoolean() ? null : new GeoPoint(number(in), number(in), nullable(in, 600));
    Double serviceMinutes = in.consumeBoolean() ? null : number(in);
    Integer priority = in.consumeBoolean() ? null : in.consumeInt(-2, 8);
    int windowCount = in.consumeInt(0, 18);
    List<TimeWindow> windows = new ArrayList<>();
    for (int i = 0; i < windowCount; i++) {
      OffsetDateTime start = dateTime(in);
      windows.add(new TimeWindow(start, in.consumeBoolean() ? start.plusSeconds(in.consumeInt(-100_000, 100_000))
          : dateTime(in)));
    }
    int skillCount = in.consumeInt(0, 66);
    List<String> skills = new ArrayList<>();
    for (int i = 0; i < skillCount; i++) {
      skills.add(text(in, 70));
    }
    return new JobData(text(in, 140), nullable(in, 140), location, serviceMinutes, priority, windows, skills,
        nullable(in, 70), nullable(in, 70));
  }

  private static String text(FuzzedDataProvider in, int maxLength) {
    return in.consumeString(maxLength);
  }

  private static String nullable(FuzzedDataProvider in, int maxLength) {
    return in.consumeBoolean() ? null : in.consumeString(maxLength);
  }

  /** Half the time a plausible magnitude (near the schema's bounds), else any double, NaN and infinities too. */
  private static double number(FuzzedDataProvider in) {
    return in.consumeBoolean() ? in.consumeRegularDouble(-2000, 2000) : in.consumeDouble();
  }

  /** Years 0–10,000 most of the time (where the bounds are), else any instant Java can hold. */
  private static Instant instant(FuzzedDataProvider in) {
    long seconds = in.consumeBoolean() ? in.consumeLong(YEAR_0, YEAR_10000)
        : in.consumeLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
    return Instant.ofEpochSecond(seconds, in.consumeInt(0, 999_999_999));
  }

  /** An instant as above (kept clear of the ends), at any offset Java allows (±18:00, to the second). */
  private static OffsetDateTime dateTime(FuzzedDataProvider in) {
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(in.consumeInt(-18 * 3600, 18 * 3600));
    long seconds = in.consumeBoolean() ? in.consumeLong(YEAR_0, YEAR_10000)
        : in.consumeLong(OffsetDateTime.MIN.toEpochSecond() + DAY, OffsetDateTime.MAX.toEpochSecond() - DAY);
    return Instant.ofEpochSecond(seconds, in.consumeInt(0, 999_999_999)).atOffset(offset);
  }
}
