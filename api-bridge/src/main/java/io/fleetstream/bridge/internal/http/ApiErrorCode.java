package io.fleetstream.bridge.internal.http;

/**
 * The error codes of the API with their HTTP status; documented in docs/api.md and the OpenAPI
 * document.
 */
public enum ApiErrorCode {
  INVALID_REQUEST(400),
  UNAUTHORIZED(401),
  INSUFFICIENT_BALANCE(402),
  FORBIDDEN(403),
  INSUFFICIENT_SCOPE(403),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  NOT_ACCEPTABLE(406),
  CONFLICT(409),
  IDEMPOTENCY_KEY_REUSED(409),
  IDEMPOTENCY_KEY_IN_USE(409),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  INVALID_IDEMPOTENCY_KEY(422),
  RATE_LIMITED(429),
  CONCURRENCY_LIMITED(429),
  INTERNAL_ERROR(500),
  SERVICE_UNAVAILABLE(503);

  private final int status;

  ApiErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The wire form, e.g. {@code invalid_request}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
