package io.fleetstream.bridge.internal.routing;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed-004 error model: {@code {"error": {"type", "code", "message", "param"}}} with that
 * contract's codes ({@code invalid_input}, {@code invalid_routing_input}, {@code job_not_found},
 * …), distinct from the rest of the API's.
 */
final class RoutingError extends RuntimeException {

  private final int status;
  private final String code;
  private final String param;

  private RoutingError(int status, String code, String message, String param) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.param = param;
  }

  static RoutingError invalidInput(String param, String message) {
    return new RoutingError(400, "invalid_input", message, param);
  }

  static RoutingError invalidRouting(String param, String message) {
    return new RoutingError(400, "invalid_routing_input", message, param);
  }

  static RoutingError of(int status, String code, String message, String param) {
    return new RoutingError(status, code, message, param);
  }

  /** The API's own refusal (a body that is not JSON, an unknown field) in this contract's shape. */
  static RoutingError from(ApiException e) {
    String code =
        e.code() == ApiErrorCode.INVALID_REQUEST
            ? "invalid_input"
            : e.code() == ApiErrorCode.NOT_FOUND ? "not_found" : e.code().code();
    return new RoutingError(e.code().status(), code, e.getMessage(), e.param());
  }

  String code() {
    return code;
  }

  String param() {
    return param;
  }

  ApiResponse response() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put(
        "type",
        status == 401
            ? "authentication_error"
            : status == 429
                ? "rate_limit_error"
                : status >= 500 ? "api_error" : "invalid_request_error");
    error.put("code", code);
    error.put("message", getMessage());
    if (param != null) {
      error.put("param", param);
    }
    return new ApiResponse(status, Map.of("error", error), Map.of());
  }
}
