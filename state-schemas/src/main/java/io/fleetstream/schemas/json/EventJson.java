package io.fleetstream.schemas.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fleetstream.schemas.CloudEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The one way Fleetstream turns events into JSON and back. Times are ISO-8601 strings; offsets
 * given by users are kept; unknown properties are ignored when reading (schemas reject them at the
 * edge, and state written by a newer version must still load in an older one during a rollback).
 */
public final class EventJson {

  private static final ObjectMapper JSON =
      configure(
          JsonMapper.builder()
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              // Schubfach and FastDoubleParser instead of Double.toString / parseDouble: every
              // driver-state output carries four numbers, at the full ping rate; both round-trip
              // every double exactly.
              .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
              .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
              .build());

  /**
   * Smile carries only what Fleetstream wrote itself (state, network buffers), after the edge
   * rejected duplicate keys: checking again costs the planner a few percent of its CPU per read.
   */
  private static final ObjectMapper SMILE =
      configure(new SmileMapper(new SmileFactory()))
          .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private EventJson() {}

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .registerModule(new JavaTimeModule())
        // Registered after the time module, so its Instant serializer wins; reading stays the
        // module's.
        .registerModule(
            new SimpleModule("fleetstream-instants")
                .addSerializer(Instant.class, new InstantText()))
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  /** The shared JSON mapper (thread-safe). */
  public static ObjectMapper mapper() {
    return JSON;
  }

  /**
   * The same configuration over the binary Smile format, used for Flink state and network buffers.
   */
  public static ObjectMapper smile() {
    return SMILE;
  }

  public static byte[] toBytes(Object value) {
    if (TrackerEventWriter.handles(value)) {
      byte[] bytes = TrackerEventWriter.write((CloudEvent) value); // one per ping: see its comment
      if (bytes != null) {
        return bytes;
      }
    }
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /** Binds already-validated bytes to an event; use {@link EventValidator} for untrusted input. */
  public static CloudEvent readEvent(byte[] bytes) {
    try {
      return JSON.readValue(bytes, CloudEvent.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
