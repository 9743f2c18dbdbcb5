package io.fleetstream.schemas.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TimeWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks raw records against their topic's JSON Schema and the rules a schema cannot express, and
 * binds the valid ones. Thread-safe; build one and share it.
 */
public final class EventValidator {

  /** Where the schema {@code $id}s point; resolved from the classpath, never fetched. */
  public static final String SCHEMA_BASE_URI = "https://fleetstream.io/schemas/";

  private final Map<Topic, Schema> schemas = new EnumMap<>(Topic.class);

  private EventValidator() {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder ->
                builder
                    .schemaRegistryConfig(config)
                    .schemaIdResolvers(
                        resolvers ->
                            resolvers.mapPrefix(
                                SCHEMA_BASE_URI, "classpath:io/fleetstream/schemas/json/")));
    for (Topic topic : Topic.values()) {
      Schema schema =
          registry.getSchema(
              SchemaLocation.of(SCHEMA_BASE_URI + topic.topicName() + ".schema.json"));
      schema.initializeValidators();
      schemas.put(topic, schema);
    }
  }

  /** Loads every topic schema; fails fast if one is missing or broken. */
  public static EventValidator create() {
    return new EventValidator();
  }

  /** Validates the value of one record read from (or about to be written to) {@code topic}. */
  public Validation validate(Topic topic, byte[] value) {
    return validate(topic, value, true);
  }

  /** Without the telemetry fast path: the reference the fast path is tested against. */
  Validation validateWithSchemaOnly(Topic topic, byte[] value) {
    return validate(topic, value, false);
  }

  private Validation validate(Topic topic, byte[] value, boolean fastPaths) {
    if (value == null || value.length == 0) {
      return invalid(ErrorCode.EMPTY_RECORD, "", "the record has no value");
    }
    if (!plainUtf8(value)) {
      // Jackson would read UTF-16/32 and byte-order marks, the schema engine would not: say so
      // once.
      return invalid(
          ErrorCode.MALFORMED_JSON, "", "records must be UTF-8 JSON without a byte-order mark");
    }
    if (fastPaths && topic == Topic.TELEMETRY) {
      // Straight from the bytes: the common ping needs neither a tree nor the schema engine.
      Optional<CloudEvent> ping = TelemetryFastPath.accept(value);
      if (ping.isPresent()) {
        return new Validation.Valid(ping.get());
      }
    }
    JsonNode tree;
    try {
      tree = EventJson.mapper().readTree(value);
    } catch (JsonProcessingException e) {
      // Jackson's message may quote a source location of its own; keep only the first clause.
      String message =
          e.getOriginalMessage()
              .replaceAll("\\s*\\(start marker at .*", "")
              .replaceAll("\\s*\\n.*", "");
      return invalid(
          ErrorCode.MALFORMED_JSON,
          "",
          message
              + " (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (IOException e) {
      return invalid(ErrorCode.MALFORMED_JSON, "", e.getMessage());
    }
    if (tree == null || tree.isMissingNode()) {
      return invalid(ErrorCode.MALFORMED_JSON, "", "the record holds no JSON value");
    }
    List<Error> errors =
        schemas.get(topic).validate(new String(value, StandardCharsets.UTF_8), InputFormat.JSON);
    if (!errors.isEmpty()) {
      return new Validation.Invalid(describe(topic, tree, errors));
    }
    // Draft topic schemas accept any well-formed type; only the registry knows which ones exist.
    String type = tree.path("type").asText();
    if (EventType.of(type).filter(known -> known.topic() == topic).isEmpty()) {
      return new Validation.Invalid(typeRejection(topic, type));
    }
    CloudEvent event;
    try {
      event = EventJson.mapper().treeToValue(tree, CloudEvent.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // The schema accepted it, so this is a gap between schema and records: still reject, with
      // detail.
      return invalid(ErrorCode.SCHEMA_VIOLATION, "", "cannot bind: " + e.getMessage());
    }
    return semanticCheck(event)
        .<Validation>map(Validation.Invalid::new)
        .orElseGet(() -> new Validation.Valid(event));
  }

  /**
   * No byte-order mark and no NUL among the first bytes: JSON text starts with an ASCII character,
   * which UTF-16 and UTF-32 write with a zero byte beside it.
   */
  private static boolean plainUtf8(byte[] value) {
    if (value.length >= 3
        && (value[0] & 0xff) == 0xef
        && (value[1] & 0xff) == 0xbb
        && (value[2] & 0xff) == 0xbf) {
      return false;
    }
    if ((value[0] & 0xff) == 0xfe || (value[0] & 0xff) == 0xff) {
      return false;
    }
    return value[0] != 0 && (value.length < 2 || value[1] != 0);
  }

  /** Validates an event this process is about to produce; throws if it breaks the contract. */
  public byte[] serializeChecked(CloudEvent event) {
    Topic topic = event.eventType().topic();
    byte[] bytes = EventJson.toBytes(event);
    if (validate(topic, bytes) instanceof Validation.Invalid invalid) {
      throw new IllegalArgumentException(
          "refusing to produce an invalid " + event.type() + ": " + invalid.rejection());
    }
    return bytes;
  }

  private static Rejection describe(Topic topic, JsonNode tree, List<Error> errors) {
    Error first =
        errors.stream()
            .min(
                Comparator.comparingInt(EventValidator::precedence)
                    .thenComparing(EventValidator::pathOf))
            .orElseThrow();
    String path = pathOf(first);
    String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
    if (path.equals("/type") && "enum".equals(first.getKeyword())) {
      return typeRejection(topic, tree.path("type").asText());
    }
    if (path.equals("/specversion") && "const".equals(first.getKeyword())) {
      return new Rejection(
          ErrorCode.UNSUPPORTED_SPECVERSION, path, "only CloudEvents specversion 1.0 is supported");
    }
    return new Rejection(codeFor(first.getKeyword()), path, first.getMessage() + more);
  }

  private static Rejection typeRejection(Topic topic, String type) {
    Optional<EventType> known = EventType.of(type);
    if (known.isPresent()) {
      return new Rejection(
          ErrorCode.WRONG_TOPIC,
          "/type",
          "event type '"
              + type
              + "' belongs on topic "
              + known.get().topic().topicName()
              + ", not "
              + topic.topicName());
    }
    return new Rejection(
        ErrorCode.UNKNOWN_EVENT_TYPE,
        "/type",
        "unknown event type '" + type + "' for topic " + topic.topicName());
  }

  /** Envelope problems first: a wrong type or version explains every later error. */
  private static int precedence(Error error) {
    String path = pathOf(error);
    if (path.equals("/specversion")) {
      return 0;
    }
    if (path.equals("/type")) {
      return 1;
    }
    return 2;
  }

  private static String pathOf(Error error) {
    String location = error.getInstanceLocation().toString();
    if (location.equals("$") || location.equals("/")) {
      location = "";
    }
    // required / additionalProperties report the parent object; point at the field itself.
    String keyword = error.getKeyword();
    if (error.getProperty() != null
        && ("required".equals(keyword) || "additionalProperties".equals(keyword))) {
      return location + "/" + error.getProperty();
    }
    return location;
  }

  private static ErrorCode codeFor(String keyword) {
    if (keyword == null) {
      return ErrorCode.SCHEMA_VIOLATION;
    }
    return switch (keyword) {
      case "required" -> ErrorCode.MISSING_FIELD;
      case "type" -> ErrorCode.INVALID_TYPE;
      case "additionalProperties", "unevaluatedProperties" -> ErrorCode.UNKNOWN_FIELD;
      case "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "minLength",
          "maxLength",
          "minItems",
          "maxItems",
          "minProperties",
          "maxProperties" ->
          ErrorCode.OUT_OF_RANGE;
      case "format", "pattern" -> ErrorCode.INVALID_FORMAT;
      case "enum", "const", "uniqueItems" -> ErrorCode.INVALID_VALUE;
      default -> ErrorCode.SCHEMA_VIOLATION;
    };
  }

  private static Optional<Rejection> semanticCheck(CloudEvent event) {
    if (event.data() instanceof JobData job) {
      Optional<Rejection> bad = checkWindows(job.timeWindows(), "/data/time_windows/");
      if (bad.isEmpty() && job.pickup() != null) {
        bad = checkWindows(job.pickup().timeWindows(), "/data/pickup/time_windows/");
      }
      return bad;
    } else if (event.data() instanceof DriverData driver) {
      Optional<Rejection> bad =
          driver.shift() == null ? Optional.empty() : checkWindow(driver.shift(), "/data/shift");
      for (int i = 0; bad.isEmpty() && i < driver.breaks().size(); i++) {
        bad = checkWindow(driver.breaks().get(i).window(), "/data/breaks/" + i + "/window");
      }
      return bad;
    }
    return Optional.empty();
  }

  private static Optional<Rejection> checkWindows(List<TimeWindow> windows, String path) {
    for (int i = 0; i < windows.size(); i++) {
      Optional<Rejection> bad = checkWindow(windows.get(i), path + i);
      if (bad.isPresent()) {
        return bad;
      }
    }
    return Optional.empty();
  }

  private static Optional<Rejection> checkWindow(TimeWindow window, String path) {
    if (!window.end().isAfter(window.start())) {
      return Optional.of(
          new Rejection(
              ErrorCode.INVALID_TIME_WINDOW,
              path + "/end",
              "end " + window.end() + " is not after start " + window.start()));
    }
    return Optional.empty();
  }

  private static Validation invalid(ErrorCode code, String path, String message) {
    return new Validation.Invalid(new Rejection(code, path, message));
  }
}
