package io.fleetstream.bridge.internal.auth;

import java.time.Instant;

/**
 * A stored API key: never the key itself, only its SHA-256 hash and a short prefix that helps a
 * person tell keys apart.
 *
 * @param scope {@code null} for an account's own key, {@link #ADMIN} for the operator's key
 * @param rpm a rate limit of this key within its account's (null: only the account's applies)
 * @param burst this key's bucket size within its account's (null: only the account's applies)
 */
public record ApiKeyRecord(
    String id,
    String accountId,
    String hash,
    String prefix,
    String name,
    Instant createdAt,
    Instant revokedAt,
    String scope,
    Integer rpm,
    Integer burst) {

  /** The scope of the operator's key: the admin routes accept only it. */
  public static final String ADMIN = "admin";

  public boolean revoked() {
    return revokedAt != null;
  }

  public boolean admin() {
    return ADMIN.equals(scope);
  }

  public ApiKeyRecord revoke(Instant at) {
    return new ApiKeyRecord(id, accountId, hash, prefix, name, createdAt, at, scope, rpm, burst);
  }
}
