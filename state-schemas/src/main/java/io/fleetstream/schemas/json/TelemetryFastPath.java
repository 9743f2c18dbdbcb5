package io.fleetstream.schemas.json;

import com.ethlo.time.ITU;
import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.TelemetryData;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Accepts the common, well-formed telemetry ping without running the JSON Schema engine.
 *
 * <p>Why hand-written: telemetry is the high-volume topic (tens of thousands of pings a second)
 * and the general validator costs several microseconds per record. This path only ever says
 * "valid" for a ping it checked field by field against the same rules as the schema; anything
 * else — a missing or extra field, an unusual value — goes to the schema validator, which alone
 * decides rejections and their error codes. A differential test holds the promise: whatever this
 * path accepts, the schema accepts.
 */
final class TelemetryFastPath {

  private static final Set<String> ENVELOPE = Set.of("specversion", "id", "source", "type", "subject", "time",
      "datacontenttype", "tenant", "partitionkey", "data");
  private static final Set<String> DATA = Set.of("driver_id", "lat", "lng", "speed_mps", "heading_deg", "accuracy_m",
      "recorded_at");
  private static final Pattern TENANT = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");
  private static final Pattern ENTITY_ID = Pattern.compile("^[A-Za-z0-9_.:-]{1,128}$");
  /** A conservative subset of uri-reference: a plain path such as {@code /driver-app}. */
  private static final Pattern SOURCE = Pattern.compile("^/?[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$");

  /** The common RFC 3339 shape; anything rarer (space separator, lower-case t/z, leap second) asks the schema. */
  private static final Pattern DATE_TIME =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$");

  private TelemetryFastPath() {}

  /** The bound event when the ping is plainly valid; empty means "ask the schema". */
  static Optional<CloudEvent> accept(JsonNode tree) {
    if (!tree.isObject() || !onlyKnownFields(tree, ENVELOPE)) {
      return Optional.empty();
    }
    JsonNode data = tree.get("data");
    if (data == null || !data.isObject() || !onlyKnownFields(data, DATA)
        || !"1.0".equals(text(tree, "specversion"))
        || !EventType.TELEMETRY_PING.type().equals(text(tree, "type"))
        || !CloudEvent.CONTENT_TYPE.equals(text(tree, "datacontenttype"))) {
      return Optional.empty();
    }
    String id = text(tree, "id");
    String source = text(tree, "source");
    String tenant = text(tree, "tenant");
    String partitionKey = text(tree, "partitionkey");
    String subject = tree.has("subject") ? text(tree, "subject") : "";
    Instant time = dateTime(text(tree, "time"));
    if (id == null || id.isEmpty() || id.length() > 256 || source == null || source.length() > 512 || !SOURCE.matcher(source).matches()
        || tenant == null || !TENANT.matcher(tenant).matches() || partitionKey == null || partitionKey.isEmpty()
        || partitionKey.length() > 256 || subject == null || subject.length() > 256 || time == null) {
      return Optional.empty();
    }
    String driverId = text(data, "driver_id");
    Instant recordedAt = dateTime(text(data, "recorded_at"));
    Double lat = number(data, "lat", -90, 90, false);
    Double lng = number(data, "lng", -180, 180, false);
    if (driverId == null || !ENTITY_ID.matcher(driverId).matches() || recordedAt == null || lat == null || lng == null) {
      return Optional.empty();
    }
    Double speed = optionalNumber(data, "speed_mps", 0, 100, false);
    Double heading = optionalNumber(data, "heading_deg", 0, 360, true);
    Double accuracy = optionalNumber(data, "accuracy_m", 0, 100_000, false);
    if (isInvalid(data, "speed_mps", speed) || isInvalid(data, "heading_deg", heading) || isInvalid(data, "accuracy_m", accuracy)) {
      return Optional.empty();
    }
    TelemetryData ping = new TelemetryData(driverId, lat, lng, speed, heading, accuracy, recordedAt);
    return Optional.of(new CloudEvent("1.0", id, source, EventType.TELEMETRY_PING.type(),
        tree.has("subject") ? subject : null, time, CloudEvent.CONTENT_TYPE, tenant, partitionKey, ping));
  }

  /** A present field that did not pass its check. */
  private static boolean isInvalid(JsonNode data, String field, Double checked) {
    return data.has(field) && checked == null;
  }

  private static boolean onlyKnownFields(JsonNode node, Set<String> allowed) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!allowed.contains(field.getKey()) || field.getValue().isNull()) {
        return false;
      }
    }
    return true;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  private static Double number(JsonNode node, String field, double min, double max, boolean exclusiveMax) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      return null;
    }
    double v = value.doubleValue();
    boolean inRange = v >= min && (exclusiveMax ? v < max : v <= max);
    return inRange && Double.isFinite(v) ? v : null;
  }

  private static Double optionalNumber(JsonNode node, String field, double min, double max, boolean exclusiveMax) {
    return node.has(field) ? number(node, field, min, max, exclusiveMax) : null;
  }

  /** RFC 3339 date-time with the same parser the schema validator's format check relies on. */
  private static Instant dateTime(String text) {
    if (text == null || !DATE_TIME.matcher(text).matches()) {
      return null;
    }
    try {
      return ITU.parseDateTime(text).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
