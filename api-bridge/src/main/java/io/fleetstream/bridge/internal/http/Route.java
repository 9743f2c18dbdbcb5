package io.fleetstream.bridge.internal.http;

import io.fleetstream.bridge.internal.auth.Scope;

/**
 * One operation of the API.
 *
 * @param path Javalin syntax: {@code /api/v1/jobs/{id}}
 * @param access who may call it
 * @param deprecatedSince when set, responses carry {@code Deprecation} (RFC 9745) with this Unix
 *     time
 * @param scope what an account's key needs for a {@link Access#KEY} route: {@link Scope#READ} for a
 *     GET, {@link Scope#WRITE} for anything else, unless the route says otherwise
 */
public record Route(
    String method,
    String path,
    Access access,
    ApiHandler handler,
    Long deprecatedSince,
    Scope scope) {

  /** Who may call a route. */
  public enum Access {
    /** Operational endpoints outside {@code /api/v1}: no key, no rate limit. */
    OPEN,
    /** No key (sign-up); rate-limited per client address. */
    ANONYMOUS,
    /** A Bearer key; everything is scoped to its account. */
    KEY,
    /**
     * The operator's Bearer key (scope {@code admin}); any other key gets 403 {@code forbidden}.
     */
    ADMIN
  }

  public static Route get(String path, Access access, ApiHandler handler) {
    return new Route("GET", path, access, handler, null, Scope.READ);
  }

  public static Route post(String path, Access access, ApiHandler handler) {
    return new Route("POST", path, access, handler, null, Scope.WRITE);
  }

  public static Route patch(String path, Access access, ApiHandler handler) {
    return new Route("PATCH", path, access, handler, null, Scope.WRITE);
  }

  public static Route delete(String path, Access access, ApiHandler handler) {
    return new Route("DELETE", path, access, handler, null, Scope.WRITE);
  }

  public Route deprecated(long sinceEpochSeconds) {
    return new Route(method, path, access, handler, sinceEpochSeconds, scope);
  }

  /** The same route needing {@code needed} instead of its method's default scope. */
  public Route scope(Scope needed) {
    return new Route(method, path, access, handler, deprecatedSince, needed);
  }

  /** The OpenAPI form of the path: {@code /api/v1/jobs/{id}} is already the same. */
  public String openApiPath() {
    return path;
  }
}
