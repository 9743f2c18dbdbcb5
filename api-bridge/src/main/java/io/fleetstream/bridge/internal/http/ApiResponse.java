package io.fleetstream.bridge.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What a handler answers: a status, a body to serialize as JSON, extra headers; or {@link #later}
 * an answer that is computed once something the handler waits for has happened, without holding an
 * HTTP thread in the meantime.
 */
public record ApiResponse(
    int status, Object body, Map<String, String> headers, Later later, EventStream events) {

  /**
   * The answer of a deferred response, computed on the pipeline's answer threads once {@code ready}
   * completed.
   */
  @FunctionalInterface
  public interface Deferred {
    ApiResponse answer() throws Exception;
  }

  /** A deferred answer: {@code answer} runs once {@code ready} completes, however it completes. */
  public record Later(CompletionStage<?> ready, Deferred answer) {}

  public ApiResponse(int status, Object body, Map<String, String> headers) {
    this(status, body, headers, null, null);
  }

  /**
   * A {@code text/event-stream} answer that stays open: {@code stream} is handed the open stream
   * and writes to it from its own thread until either side closes it.
   */
  public static ApiResponse events(EventStream stream) {
    return new ApiResponse(200, null, Map.of(), null, stream);
  }

  /** A body written as it is, not as JSON (the Prometheus exposition, say). */
  public record Text(String contentType, String text) {}

  public static ApiResponse text(String contentType, String text) {
    return new ApiResponse(200, new Text(contentType, text), Map.of());
  }

  public static ApiResponse ok(Object body) {
    return new ApiResponse(200, body, Map.of());
  }

  public static ApiResponse created(Object body) {
    return new ApiResponse(201, body, Map.of());
  }

  public static ApiResponse accepted(Object body, String location) {
    return new ApiResponse(202, body, Map.of("Location", location));
  }

  /**
   * Answers once {@code ready} has completed (normally or not): {@code answer} then builds the real
   * response, or throws an {@link ApiException} as a handler would. No thread waits in between.
   */
  public static ApiResponse later(CompletionStage<?> ready, Deferred answer) {
    return new ApiResponse(0, null, Map.of(), new Later(ready, answer), null);
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, body, h, later, events);
  }
}
