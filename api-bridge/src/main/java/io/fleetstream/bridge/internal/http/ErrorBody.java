package io.fleetstream.bridge.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one error shape: {@code {"error": {"code", "message", "param", "docs_url", …}}}. */
public final class ErrorBody {

  private ErrorBody() {}

  public static Map<String, Object> of(ApiException e, String docsUrl) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", e.code().code());
    error.put("message", e.getMessage());
    error.put("param", e.param());
    error.put("docs_url", docsUrl + "#" + e.code().code());
    error.putAll(e.extra());
    return Map.of("error", error);
  }
}
