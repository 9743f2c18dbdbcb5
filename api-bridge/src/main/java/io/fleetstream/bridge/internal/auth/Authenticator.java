package io.fleetstream.bridge.internal.auth;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;

/**
 * Bearer-key authentication with a precise reason for every refusal: {@code missing}, {@code
 * invalid_scheme}, {@code malformed} (rejected before any lookup), {@code unknown}, {@code
 * revoked}, {@code expired}.
 */
public final class Authenticator {

  private final AccountStore store;
  private final java.util.function.LongSupplier stateAgeMillis;
  private final long maxStateAgeMillis;

  /** Over a store of this bridge alone: its copy is never behind. */
  public Authenticator(AccountStore store) {
    this(store, () -> 0, java.time.Duration.ZERO);
  }

  /**
   * Over a store shared with other bridges: while this bridge's copy may be more than {@code
   * maxStateAge} old (it cannot read Kafka), every key is refused with 503, since a key revoked
   * meanwhile on another bridge would still work here. That is the bound on how long a revoked key
   * can work anywhere.
   */
  public Authenticator(
      AccountStore store,
      java.util.function.LongSupplier stateAgeMillis,
      java.time.Duration maxStateAge) {
    this.store = store;
    this.stateAgeMillis = stateAgeMillis;
    this.maxStateAgeMillis = maxStateAge.toMillis();
  }

  public Caller authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw refuse("missing", "no API key: send 'Authorization: Bearer ork_live_…'");
    }
    String header = authorization.trim();
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String key = space < 0 ? "" : header.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Basic")) {
      // Seed 004's routing clients send Basic base64(externalUserId:apiKey): the key is the
      // password.
      key = basicPassword(key);
    } else if (!scheme.equalsIgnoreCase("Bearer")) {
      throw refuse(
          "invalid_scheme", "the Authorization header must use the Bearer (or Basic) scheme");
    }
    if (key.isEmpty()) {
      throw refuse("missing", "no API key after 'Bearer'");
    }
    if (!ApiKeys.wellFormed(key)) {
      throw refuse(
          "malformed",
          "the API key is malformed: expected ork_live_ or ork_test_ and 32 characters");
    }
    long age = stateAgeMillis.getAsLong();
    if (maxStateAgeMillis > 0 && age > maxStateAgeMillis) {
      throw ApiException.of(
              ApiErrorCode.SERVICE_UNAVAILABLE,
              "this bridge has not been able to read the bridges' shared state for "
                  + age / 1000
                  + " s, so it cannot tell whether a key was revoked; retry (another bridge may"
                  + " answer)")
          .withHeader("Retry-After", "5");
    }
    ApiKeyRecord record =
        store
            .keyByHash(ApiKeys.hash(key))
            .orElseThrow(() -> refuse("unknown", "this API key is unknown"));
    if (record.revoked()) {
      throw refuse("revoked", "this API key was revoked at " + record.revokedAt());
    }
    if (record.expired(java.time.Instant.now())) {
      throw refuse("expired", "this API key expired at " + record.expiresAt());
    }
    Account account =
        store
            .find(record.accountId())
            .orElseThrow(() -> refuse("unknown", "this API key belongs to no account"));
    return new Caller(record, account);
  }

  private static String basicPassword(String credentials) {
    String decoded;
    try {
      decoded =
          new String(
              java.util.Base64.getDecoder().decode(credentials),
              java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw refuse("malformed", "Basic credentials must be base64 of user:apiKey");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw refuse("malformed", "Basic credentials must be base64 of user:apiKey");
    }
    return decoded.substring(colon + 1).trim();
  }

  private static ApiException refuse(String reason, String message) {
    return ApiException.of(ApiErrorCode.UNAUTHORIZED, message)
        .with("reason", reason)
        .withHeader("WWW-Authenticate", "Bearer realm=\"fleetstream\", error=\"invalid_token\"");
  }
}
