package io.fleetstream.bridge.internal.kafka;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.json.SchemaLimits;
import io.fleetstream.schemas.json.SchemaLimits.Length;
import io.fleetstream.schemas.json.SchemaLimits.Range;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Says "plainly valid" for a job created/updated event the bridge built itself, checked field by
 * field on the typed record against the rules of {@code fleetstream.jobs.v1.schema.json} (and the
 * validator's time-window rule), without serializing, parsing and running the JSON Schema engine.
 *
 * <p>Why hand-written: {@code POST /jobs} is the high-volume write, and the general {@link
 * io.fleetstream.schemas.json.EventValidator} (parse, schema engine, bind) was about 40 % of the
 * bridge's CPU per write in JFR. This path never rejects: anything it is not sure about (an unusual
 * value, another event type) goes to the validator, which alone decides rejections and their error
 * codes. Its checks are never looser than the schema's (string lengths are counted in UTF-16 units,
 * which is never fewer than the schema's code points; dates must be in years 1000–9999, where the
 * ISO form is always RFC 3339). A differential test holds the promise: whatever this path accepts,
 * the validator accepts. Change it together with the job schema.
 */
final class JobEventFastPath {

  // Patterns and bounds come from the schema file itself: tightening one there can never be
  // bypassed here.
  private static final Pattern TENANT = Pattern.compile(SchemaLimits.pattern("tenant"));
  private static final Pattern ENTITY_ID = Pattern.compile(SchemaLimits.pattern("entityId"));
  private static final Pattern ZONE = Pattern.compile(SchemaLimits.pattern("zone"));

  /**
   * A conservative subset of uri-reference (the schema's format): a plain path such as {@code
   * /api/v1}.
   */
  private static final Pattern SOURCE = Pattern.compile("^/?[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$");

  private static final Length ID = SchemaLimits.length("envelope", "id");
  private static final Length SOURCE_LENGTH = SchemaLimits.length("envelope", "source");
  private static final Length SUBJECT = SchemaLimits.length("envelope", "subject");
  private static final Length PARTITIONKEY = SchemaLimits.length("envelope", "partitionkey");
  private static final Length EXTERNAL_ID = SchemaLimits.length("job", "external_id");
  private static final Length JOB_TYPE = SchemaLimits.length("job", "job_type");
  private static final Length ADDRESS = SchemaLimits.length("geoPoint", "address");
  private static final Range LAT = SchemaLimits.range("geoPoint", "lat");
  private static final Range LNG = SchemaLimits.range("geoPoint", "lng");
  private static final Range SERVICE_MINUTES = SchemaLimits.range("job", "service_minutes");
  private static final Range PRIORITY = SchemaLimits.range("job", "priority");
  private static final int MAX_WINDOWS = SchemaLimits.maxItems("job", "time_windows");
  private static final int MAX_SKILLS = SchemaLimits.maxItems("skills");
  private static final Length SKILL = SchemaLimits.itemLength("skills");
  private static final int MIN_YEAR = 1000;
  private static final int MAX_YEAR = 9999;
  private static final Instant FIRST_INSTANT = Instant.parse("1000-01-01T00:00:00Z");
  private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private JobEventFastPath() {}

  /** True when the event is certainly valid; false means "ask the validator", not "invalid". */
  static boolean plainlyValid(CloudEvent e) {
    if (!(e.data() instanceof JobData job)) {
      return false;
    }
    // Version 1 only: a v2 job (pickup, goods, tags) is rare enough to go through the validator,
    // and a v1 event carrying v2 fields must reach it to be refused.
    boolean jobType =
        EventType.JOB_CREATED.type().equals(e.type())
            || EventType.JOB_UPDATED.type().equals(e.type());
    return jobType && !job.needsVersion2() && envelope(e) && job(job);
  }

  private static boolean envelope(CloudEvent e) {
    return CloudEvent.SPEC_VERSION.equals(e.specversion())
        && length(e.id(), ID)
        && length(e.source(), SOURCE_LENGTH)
        && SOURCE.matcher(e.source()).matches()
        && (e.subject() == null || length(e.subject(), SUBJECT))
        && instant(e.time())
        && CloudEvent.CONTENT_TYPE.equals(e.datacontenttype())
        && e.tenant() != null
        && TENANT.matcher(e.tenant()).matches()
        && length(e.partitionkey(), PARTITIONKEY);
  }

  private static boolean job(JobData j) {
    GeoPoint at = j.location();
    return j.jobId() != null
        && ENTITY_ID.matcher(j.jobId()).matches()
        && (j.externalId() == null || length(j.externalId(), EXTERNAL_ID))
        && at != null
        && within(at.lat(), LAT)
        && within(at.lng(), LNG)
        && (at.address() == null || length(at.address(), ADDRESS))
        && (j.serviceMinutes() == null || within(j.serviceMinutes(), SERVICE_MINUTES))
        && (j.priority() == null || within(j.priority(), PRIORITY))
        && windows(j.timeWindows())
        && skills(j.skills())
        && (j.jobType() == null || length(j.jobType(), JOB_TYPE))
        && (j.zone() == null || ZONE.matcher(j.zone()).matches());
  }

  private static boolean windows(List<TimeWindow> windows) {
    if (windows.size() > MAX_WINDOWS) {
      return false;
    }
    for (TimeWindow w : windows) {
      if (w == null || !dateTime(w.start()) || !dateTime(w.end()) || !w.end().isAfter(w.start())) {
        return false;
      }
    }
    return true;
  }

  private static boolean skills(List<String> skills) {
    if (skills.size() > MAX_SKILLS) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (String s : skills) {
      if (!length(s, SKILL) || !seen.add(s)) {
        return false;
      }
    }
    return true;
  }

  private static boolean length(String s, Length bounds) {
    return s != null && bounds.contains(s.length());
  }

  private static boolean within(double v, Range range) {
    return Double.isFinite(v) && range.contains(v);
  }

  /**
   * Years 1000–9999 in UTC, compared as instants: converting an instant near {@link Instant#MIN} to
   * a date throws (found by JobEventFastPathFuzzTest), and this path must only ever say "not sure".
   */
  private static boolean instant(Instant t) {
    return t != null && !t.isBefore(FIRST_INSTANT) && !t.isAfter(LAST_INSTANT);
  }

  /**
   * RFC 3339 offsets are whole minutes; an ISO offset with seconds ({@code +05:30:45}) is not one.
   */
  private static boolean dateTime(OffsetDateTime t) {
    return t != null
        && t.getYear() >= MIN_YEAR
        && t.getYear() <= MAX_YEAR
        && t.getOffset().getTotalSeconds() % 60 == 0;
  }
}
