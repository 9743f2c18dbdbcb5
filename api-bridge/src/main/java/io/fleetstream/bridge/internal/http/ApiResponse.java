package io.fleetstream.bridge.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: a status, a body to serialize as JSON, extra headers. */
public record ApiResponse(int status, Object body, Map<String, String> headers) {

  public static ApiResponse ok(Object body) {
    return new ApiResponse(200, body, Map.of());
  }

  public static ApiResponse created(Object body) {
    return new ApiResponse(201, body, Map.of());
  }

  public static ApiResponse accepted(Object body, String location) {
    return new ApiResponse(202, body, Map.of("Location", location));
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, body, h);
  }
}
