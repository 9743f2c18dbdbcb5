package io.fleetstream.bridge.internal.http;

import io.fleetstream.bridge.internal.auth.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One API request as handlers see it: who calls, what they sent; no HTTP server types. */
public record ApiRequest(
    Caller caller,
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    byte[] body,
    String idempotencyKey,
    String remoteAddress,
    Map<String, String> headers) {

  /** A request header by its name in any case, or empty. */
  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  public String pathParam(String name) {
    return pathParams.get(name);
  }

  public Optional<String> query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public <T> T body(Class<T> type) {
    return ApiJson.read(body, type);
  }

  /** The body bound to {@code type}, or {@code empty} when the request had no body. */
  public <T> T bodyOr(Class<T> type, T empty) {
    return body == null || body.length == 0 ? empty : ApiJson.read(body, type);
  }

  public String tenant() {
    return caller.tenant();
  }
}
