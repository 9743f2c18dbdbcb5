package io.fleetstream.bridge.internal.auth;

import java.time.Instant;
import java.util.List;

/**
 * A stored API key: never the key itself, only its SHA-256 hash and a short prefix that helps a
 * person tell keys apart.
 *
 * @param scope {@code null} for an account's own key, {@link #ADMIN} for the operator's key
 * @param rpm a rate limit of this key within its account's (null: only the account's applies)
 * @param burst this key's bucket size within its account's (null: only the account's applies)
 * @param scopes what the key may do, as {@link Scope} wire names; null for every scope (keys made
 *     before scopes existed, the sign-up key)
 * @param expiresAt when the key stops working by itself (null: never; a rotated key's grace end)
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
    Integer burst,
    List<String> scopes,
    Instant expiresAt) {

  /**
   * The {@code scope} of the operator's key: the operator's routes accept only it. (Not {@link
   * Scope#ADMIN}, which an account's own key may hold for its own account.)
   */
  public static final String ADMIN = "admin";

  public boolean revoked() {
    return revokedAt != null;
  }

  public boolean admin() {
    return ADMIN.equals(scope);
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Neither revoked nor expired. */
  public boolean active(Instant now) {
    return !revoked() && !expired(now);
  }

  public boolean has(Scope s) {
    return scopes == null || scopes.contains(s.wireName());
  }

  /** The scopes the key holds, every one when it was made without a list. */
  public List<Scope> effectiveScopes() {
    return java.util.Arrays.stream(Scope.values()).filter(this::has).toList();
  }

  public ApiKeyRecord revoke(Instant at) {
    return new ApiKeyRecord(
        id, accountId, hash, prefix, name, createdAt, at, scope, rpm, burst, scopes, expiresAt);
  }

  public ApiKeyRecord expireAt(Instant at) {
    return new ApiKeyRecord(
        id, accountId, hash, prefix, name, createdAt, revokedAt, scope, rpm, burst, scopes, at);
  }
}
