package io.fleetstream.bridge.internal.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.List;

/**
 * The API's JSON: snake_case, strict on input (unknown fields, wrong types, duplicate keys and
 * trailing data are errors that name the field), nulls kept on output so every documented field is
 * always present.
 */
public final class ApiJson {

  private static final ObjectMapper MAPPER = build();

  private ApiJson() {}

  private static ObjectMapper build() {
    ObjectMapper m =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .build()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);
    m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    // A number is not a string and a string is not a number: "5" for service_minutes is an error.
    for (LogicalType type : List.of(LogicalType.Textual)) {
      m.coercionConfigFor(type)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      m.coercionConfigFor(type)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    m.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return m;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Binds a request body, or throws a 400 that names the field and says what was wrong. */
  public static <T> T read(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw ApiException.invalid(null, "the request needs a JSON object body");
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw ApiException.invalid(null, "the request body must be a JSON object, not null");
      }
      return value;
    } catch (JsonParseException e) {
      throw ApiException.invalid(
          null,
          "malformed JSON: "
              + firstLine(e.getOriginalMessage())
              + " (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (UnrecognizedPropertyException e) {
      String param = pathOf(e);
      throw ApiException.invalid(param, "unknown field '" + param + "'");
    } catch (InvalidFormatException e) {
      String param = pathOf(e);
      throw ApiException.invalid(
          param,
          "'"
              + param
              + "' has an invalid value "
              + quoted(e.getValue())
              + (e.getTargetType() != null ? "; expected " + describe(e.getTargetType()) : ""));
    } catch (ValueInstantiationException e) {
      String param = pathOf(e);
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw ApiException.invalid(param, cause.getMessage());
    } catch (MismatchedInputException e) {
      String param = pathOf(e);
      if (param == null) {
        throw ApiException.invalid(null, "the request body must be a JSON object");
      }
      throw ApiException.invalid(
          param, "'" + param + "' has the wrong type; expected " + describe(e.getTargetType()));
    } catch (JsonMappingException e) {
      String param = pathOf(e);
      throw ApiException.invalid(
          param, (param == null ? "" : "'" + param + "': ") + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw ApiException.invalid(null, "malformed JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw ApiException.invalid(null, "unreadable body: " + e.getMessage());
    }
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /** {@code options.shift_start}, {@code job_ids[2]}; null for the whole body. */
  static String pathOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return type == Integer.class || type == Long.class || type == int.class || type == long.class
          ? "an integer"
          : "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type.getSimpleName().contains("DateTime")) {
      return "an RFC 3339 date-time with offset, e.g. 2026-05-08T09:00:00-07:00";
    }
    return "an object";
  }

  private static String quoted(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl))
        .replaceAll("\\s*\\(start marker at .*", "")
        .trim();
  }
}
