package io.fleetstream.bridge.internal.auth;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.store.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Accounts and their hashed API keys in the bridge's own RocksDB, with an in-memory copy of each
 * account (every request reads its limits and balance). Concurrent changes to one account never
 * lose an update; balance changes reach RocksDB within 200 ms (a crash of the machine may forget
 * that much metering, never an accepted write).
 */
public final class AccountStore {

  private final Table accounts;
  private final Table keysByHash;
  private final Table keysByAccount;
  private final ConcurrentHashMap<String, AtomicReference<Account>> cache =
      new ConcurrentHashMap<>();
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, ApiKeyRecord> keyCache = new ConcurrentHashMap<>();

  public AccountStore(Table accounts, Table keysByHash, Table keysByAccount) {
    this.accounts = accounts;
    this.keysByHash = keysByHash;
    this.keysByAccount = keysByAccount;
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
        null);
  }

  private Signup create(
      String id,
      String agentId,
      String contact,
      boolean sandbox,
      long trialMicros,
      long requestedTopUpMicros,
      BridgeConfig.Limits limits,
      String scope) {
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
    accounts.put(account.id(), account);
    cache.put(account.id(), new AtomicReference<>(account));
    String secret = ApiKeys.generate(sandbox);
    ApiKeyRecord key = storeKey(account.id(), secret, KeyTerms.named("default"), now, scope);
    return new Signup(account, key, secret);
  }

  /**
   * The operator's account ({@code accountId}, created on first use) with a new {@code admin} key;
   * every earlier key of that account is revoked, so only the newest operator key works.
   */
  public synchronized String rotateOperatorKey(String accountId, BridgeConfig.Limits limits) {
    if (find(accountId).isEmpty()) {
      return create(
              accountId, "fleetstream-operator", null, false, 0, 0, limits, ApiKeyRecord.ADMIN)
          .secret();
    }
    for (ApiKeyRecord old :
        keysByAccount
            .scan(accountId + "/", null, Integer.MAX_VALUE, ApiKeyRecord.class, k -> !k.revoked())
            .items()) {
      revoke(old);
    }
    String secret = ApiKeys.generate(false);
    storeKey(
        accountId,
        secret,
        KeyTerms.named("operator"),
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        ApiKeyRecord.ADMIN);
    return secret;
  }

  /**
   * Keeps an account moved from another bridge as it was there (balance, limits, counters); false
   * when this bridge already has an account with its id, which is then left as it is.
   */
  public synchronized boolean adopt(Account account) {
    if (find(account.id()).isPresent()) {
      return false;
    }
    accounts.put(account.id(), account);
    cache.put(account.id(), new AtomicReference<>(account));
    return true;
  }

  public Optional<Account> find(String accountId) {
    return ref(accountId).map(AtomicReference::get);
  }

  /**
   * Applies {@code change} atomically for this account (the change may throw an {@link
   * ApiException} and is then not applied). Lock-free: a charge on a busy account retries a
   * compare-and-set instead of queueing threads behind a lock. The stored copy is written by {@link
   * #flush()} (every 200 ms and at shutdown); {@code durable} writes it at once.
   */
  public Account update(String accountId, UnaryOperator<Account> change, boolean durable) {
    AtomicReference<Account> ref =
        ref(accountId).orElseThrow(() -> ApiException.notFound("account", accountId));
    while (true) {
      Account current = ref.get();
      Account next = change.apply(current);
      if (next == current) {
        return current;
      }
      if (ref.compareAndSet(current, next)) {
        if (durable) {
          accounts.put(accountId, next);
        } else {
          dirty.add(accountId);
        }
        return next;
      }
    }
  }

  public Account update(String accountId, UnaryOperator<Account> change) {
    return update(accountId, change, false);
  }

  /** Writes every account changed since the last flush. */
  public void flush() {
    for (String id : dirty) {
      dirty.remove(id);
      ref(id).ifPresent(r -> accounts.put(id, r.get()));
    }
  }

  private Optional<AtomicReference<Account>> ref(String accountId) {
    AtomicReference<Account> cached = cache.get(accountId);
    if (cached != null) {
      return Optional.of(cached);
    }
    return accounts
        .get(accountId, Account.class)
        .map(a -> cache.computeIfAbsent(accountId, k -> new AtomicReference<>(a)));
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
    keyCache.put(key.hash(), key);
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
    ApiKeyRecord cached = keyCache.get(hash);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<ApiKeyRecord> stored = keysByHash.get(hash, ApiKeyRecord.class);
    stored.ifPresent(k -> keyCache.put(hash, k));
    return stored;
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
