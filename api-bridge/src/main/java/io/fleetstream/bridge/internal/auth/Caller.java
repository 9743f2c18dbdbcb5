package io.fleetstream.bridge.internal.auth;

/**
 * Who is calling: the key they presented and the account it belongs to (the tenant of every read
 * and write).
 */
public record Caller(ApiKeyRecord key, Account account) {

  public String tenant() {
    return account.id();
  }
}
