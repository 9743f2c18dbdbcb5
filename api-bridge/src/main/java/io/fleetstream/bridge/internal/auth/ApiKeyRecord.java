package io.fleetstream.bridge.internal.auth;

import java.time.Instant;

/**
 * A stored API key: never the key itself, only its SHA-256 hash and a short prefix that helps a
 * person tell keys apart.
 */
public record ApiKeyRecord(
    String id, String accountId, String hash, String prefix, String name, Instant createdAt, Instant revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }

  public ApiKeyRecord revoke(Instant at) {
    return new ApiKeyRecord(id, accountId, hash, prefix, name, createdAt, at);
  }
}
