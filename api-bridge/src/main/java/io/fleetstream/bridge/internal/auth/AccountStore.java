package io.fleetstream.bridge.internal.auth;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.store.StateLog;
import io.fleetstream.bridge.internal.store.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Accounts and their hashed API keys, shared by every bridge on one Kafka cluster through the
 * {@link StateLog}, with an in-memory copy of each account (every request reads its limits and
 * balance). An account is its stored record (settings and the counters it started with) plus each
 * bridge's {@link AccountUsage}: a charge changes only this bridge's usage, so concurrent charges
 * on several bridges all count. Concurrent changes to one account never lose an update; this
 * bridge's usage reaches the log and RocksDB within 200 ms (a crash of the machine may forget that
 * much metering, never an accepted write), and other bridges see it once they read it: a balance
 * spent on two bridges at once can go below zero by what both charged in that time.
 */
public final class AccountStore {

  private final Table keysByHash;
  private final Table keysByAccount;
  private final String bridgeId;
  private final ServedAccounts served;
  private final ConcurrentHashMap<String, ApiKeyRecord> keyCache = new ConcurrentHashMap<>();

  /**
   * The store of bridge {@code bridgeId}, on tables of its own until {@link #shareThrough} is
   * called.
   */
  public AccountStore(
      Table accounts, Table keysByHash, Table keysByAccount, Table usage, String bridgeId) {
    this.keysByHash = keysByHash;
    this.keysByAccount = keysByAccount;
    this.bridgeId = bridgeId;
    this.served = new ServedAccounts(accounts, usage, bridgeId);
  }

  /** Shares accounts, keys and usage with the other bridges of {@code state}, before it starts. */
  public AccountStore shareThrough(StateLog state) {
    served.shareThrough(state);
    state.share("api_keys", keysByHash).listen("api_keys", keyCache::remove);
    state.share("api_key_ids", keysByAccount);
    return this;
  }

  /** A created account and the one time its first key is visible. */
  public record Signup(Account account, ApiKeyRecord key, String secret) {}

  /**
   * A new account holding {@code trialMicros} (the operator's trial credit) and, as a request only,
   * what it asked to prepay; its first key.
   */
  public Signup create(
      String agentId,
      String contact,
      boolean sandbox,
      long trialMicros,
      long requestedTopUpMicros,
      BridgeConfig.Limits limits) {
    return create(
        Ids.random(Ids.ACCOUNT),
        agentId,
        contact,
        sandbox,
        trialMicros,
        requestedTopUpMicros,
        limits,
        null,
        KeyTerms.named("default"));
  }

  private Signup create(
      String id,
      String agentId,
      String contact,
      boolean sandbox,
      long trialMicros,
      long requestedTopUpMicros,
      BridgeConfig.Limits limits,
      String scope,
      KeyTerms firstKey) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Account account =
        new Account(
            id,
            agentId,
            contact,
            sandbox,
            now,
            trialMicros,
            0,
            0,
            0,
            limits,
            null,
            0,
            0,
            requestedTopUpMicros);
    served.store(account);
    String secret = ApiKeys.generate(sandbox);
    ApiKeyRecord key = storeKey(account.id(), secret, firstKey, now, scope);
    return new Signup(account, key, secret);
  }

  /**
   * The operator's account ({@code accountId}, created on first use) with a new {@code admin} key
   * for this bridge; this bridge's earlier operator keys are revoked, so only its newest works.
   * Every bridge has its own (named {@code operator <bridge id>}), and each works on all of them: a
   * bridge started with a fresh data directory does not revoke the others' keys.
   */
  public synchronized String rotateOperatorKey(String accountId, BridgeConfig.Limits limits) {
    KeyTerms terms = KeyTerms.named("operator " + bridgeId);
    if (find(accountId).isEmpty()) {
      return create(
              accountId,
              "fleetstream-operator",
              null,
              false,
              0,
              0,
              limits,
              ApiKeyRecord.ADMIN,
              terms)
          .secret();
    }
    for (ApiKeyRecord old :
        keysByAccount
            .scan(
                accountId + "/",
                null,
                Integer.MAX_VALUE,
                ApiKeyRecord.class,
                k -> !k.revoked() && ownOperatorKey(k))
            .items()) {
      revoke(old);
    }
    String secret = ApiKeys.generate(false);
    storeKey(
        accountId, secret, terms, Instant.now().truncatedTo(ChronoUnit.MILLIS), ApiKeyRecord.ADMIN);
    return secret;
  }

  /** This bridge's operator keys, and those of a bridge from before keys were named per bridge. */
  private boolean ownOperatorKey(ApiKeyRecord key) {
    return key.name().equals("operator " + bridgeId) || key.name().equals("operator");
  }

  /**
   * Keeps an account moved from another bridge as it was there (balance, limits, counters); false
   * when this bridge already has an account with its id, which is then left as it is.
   */
  public synchronized boolean adopt(Account account) {
    if (find(account.id()).isPresent()) {
      return false;
    }
    served.store(account);
    return true;
  }

  public Optional<Account> find(String accountId) {
    return served.find(accountId);
  }

  /**
   * Applies {@code change} atomically for this account (the change may throw an {@link
   * ApiException} and is then not applied; it may run more than once when counters race, once when
   * it changes settings). Lock-free for counters: a charge on a busy account retries a
   * compare-and-set instead of queueing threads behind a lock. A change of settings is written to
   * the log first. This bridge's usage is written by {@link #flush()} (every 200 ms and at
   * shutdown); {@code durable} writes it at once.
   */
  public Account update(String accountId, UnaryOperator<Account> change, boolean durable) {
    return served.update(accountId, change, durable);
  }

  public Account update(String accountId, UnaryOperator<Account> change) {
    return update(accountId, change, false);
  }

  /** Writes this bridge's usage of every account changed since the last flush. */
  public void flush() {
    served.flush();
  }

  /** Sends this bridge's usage of every account to the others again (at start-up). */
  public void resendOwnUsage() {
    served.resendOwnUsage();
  }

  /**
   * Adds a key unless the account already has {@code maxActive} keys that are not revoked (409
   * {@code conflict}: N keys would otherwise be N times a key's share of anything counted per key).
   */
  public synchronized ApiKeyRecord addKey(
      String accountId, String secret, KeyTerms terms, int maxActive) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long active =
        keysByAccount
            .scan(accountId + "/", null, Integer.MAX_VALUE, ApiKeyRecord.class, k -> k.active(now))
            .items()
            .size();
    if (active >= maxActive) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT,
              "this account already has "
                  + active
                  + " active keys, the most "
                  + "allowed (keys.max_per_account); revoke one with DELETE /api/v1/api_keys/{id} first")
          .withParam("api_keys")
          .with("max_keys", maxActive);
    }
    return storeKey(accountId, secret, terms, now, null);
  }

  /**
   * What a new key is: its name, limits within the account's, scopes (null: all) and expiry (null:
   * never).
   */
  public record KeyTerms(
      String name, Integer rpm, Integer burst, List<String> scopes, Instant expiresAt) {

    public static KeyTerms named(String name) {
      return new KeyTerms(name, null, null, null, null);
    }
  }

  /** Keeps the key as changed (expiry set by a rotation). */
  public ApiKeyRecord replace(ApiKeyRecord key) {
    keysByHash.put(key.hash(), key);
    keysByAccount.put(key.accountId() + "/" + key.id(), key);
    keyCache.remove(key.hash()); // the log's listener did on a shared table; a local one has none
    return key;
  }

  private ApiKeyRecord storeKey(
      String accountId, String secret, KeyTerms terms, Instant now, String scope) {
    return replace(
        new ApiKeyRecord(
            Ids.random(Ids.API_KEY),
            accountId,
            ApiKeys.hash(secret),
            ApiKeys.displayPrefix(secret),
            terms.name(),
            now,
            null,
            scope,
            terms.rpm(),
            terms.burst(),
            terms.scopes(),
            terms.expiresAt()));
  }

  public Optional<ApiKeyRecord> keyByHash(String hash) {
    // computeIfAbsent, not get-then-put: a revocation read from the log removes the entry, and must
    // not be overtaken by a lookup that read the table before it.
    return Optional.ofNullable(
        keyCache.computeIfAbsent(hash, h -> keysByHash.get(h, ApiKeyRecord.class).orElse(null)));
  }

  public Optional<ApiKeyRecord> key(String accountId, String keyId) {
    return keysByAccount.get(accountId + "/" + keyId, ApiKeyRecord.class);
  }

  public Table.Page<ApiKeyRecord> keys(String accountId, String after, int limit) {
    return keysByAccount.scan(accountId + "/", after, limit, ApiKeyRecord.class, k -> true);
  }

  public ApiKeyRecord revoke(ApiKeyRecord key) {
    return replace(key.revoke(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
  }
}
