package io.fleetstream.bridge.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the API refuses, with everything the error body says. Thrown anywhere below a handler;
 * the pipeline turns it into {@code {"error": {...}}} with the code's status.
 */
public final class ApiException extends RuntimeException {

  private final ApiErrorCode code;
  private final String param;
  private final Map<String, Object> extra;
  private final Map<String, String> headers;

  private ApiException(
      ApiErrorCode code,
      String message,
      String param,
      Map<String, Object> extra,
      Map<String, String> headers) {
    super(message, null, false, false);
    this.code = code;
    this.param = param;
    this.extra = extra;
    this.headers = headers;
  }

  public static ApiException of(ApiErrorCode code, String message) {
    return new ApiException(code, message, null, Map.of(), Map.of());
  }

  /**
   * A 400 that names the offending field ({@code dropoff_lat}, {@code options.seed}, {@code
   * job_ids[2]}).
   */
  public static ApiException invalid(String param, String message) {
    return new ApiException(ApiErrorCode.INVALID_REQUEST, message, param, Map.of(), Map.of());
  }

  /** A fault of the bridge itself, never of the input: the one 500 every caller gets. */
  public static ApiException internal() {
    return of(ApiErrorCode.INTERNAL_ERROR, "internal error; retry with exponential backoff");
  }

  public static ApiException notFound(String what, String id) {
    return new ApiException(
        ApiErrorCode.NOT_FOUND, "no " + what + " with id '" + id + "'", "id", Map.of(), Map.of());
  }

  public ApiException withParam(String newParam) {
    return new ApiException(code, getMessage(), newParam, extra, headers);
  }

  /**
   * An extra field of the error object, e.g. {@code top_up_url} on 402 or {@code reason} on 401.
   */
  public ApiException with(String field, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extra);
    more.put(field, value);
    return new ApiException(code, getMessage(), param, more, headers);
  }

  public ApiException withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiException(code, getMessage(), param, extra, more);
  }

  public ApiErrorCode code() {
    return code;
  }

  public String param() {
    return param;
  }

  public Map<String, Object> extra() {
    return extra;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
