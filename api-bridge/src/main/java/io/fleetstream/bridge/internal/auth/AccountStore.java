package io.fleetstream.bridge.internal.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiJson;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.store.StateLog;
import io.fleetstream.bridge.internal.store.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
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

  private static final ObjectMapper JSON = ApiJson.mapper();

  private final Table accounts;
  private final Table keysByHash;
  private final Table keysByAccount;
  private final Table usage;
  private final String bridgeId;
  private final ConcurrentHashMap<String, Live> cache = new ConcurrentHashMap<>();
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, ApiKeyRecord> keyCache = new ConcurrentHashMap<>();

  /**
   * One account as served: its stored record, the other bridges' usage folded in so far, this
   * bridge's own usage, and the sum of all three. Changes to the parts run in a {@code
   * cache.compute} for the account, so a fold and a load never count one usage twice.
   */
  private static final class Live {
    final AtomicReference<Account> served;
    Account stored;
    final Map<String, AccountUsage> others = new HashMap<>();
    final AtomicReference<AccountUsage> own;

    Live(Account stored, AccountUsage own, Map<String, AccountUsage> others) {
      this.stored = stored;
      this.own = new AtomicReference<>(own);
      this.others.putAll(others);
      AccountUsage sum = own;
      for (AccountUsage u : others.values()) {
        sum = sum.plus(u);
      }
      this.served = new AtomicReference<>(sum.addTo(stored));
    }

    /** Adds {@code delta} to the served account (a change another bridge made). */
    void fold(UnaryOperator<Account> delta) {
      served.updateAndGet(delta);
    }
  }

  /**
   * The store of bridge {@code bridgeId}, on tables of its own until {@link #shareThrough} is
   * called.
   */
  public AccountStore(
      Table accounts, Table keysByHash, Table keysByAccount, Table usage, String bridgeId) {
    this.accounts = accounts;
    this.keysByHash = keysByHash;
    this.keysByAccount = keysByAccount;
    this.usage = usage;
    this.bridgeId = bridgeId;
  }

  /** Shares accounts, keys and usage with the other bridges of {@code state}, before it starts. */
  public AccountStore shareThrough(StateLog state) {
    state.share("accounts", accounts).listen("accounts", this::storedChanged);
    state.share("api_keys", keysByHash).listen("api_keys", keyCache::remove);
    state.share("api_key_ids", keysByAccount);
    state.share("account_usage", usage, AccountStore::newerUsage);
    state.listen("account_usage", this::usageChanged);
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
    accounts.put(account.id(), account);
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
    accounts.put(account.id(), account);
    return true;
  }

  public Optional<Account> find(String accountId) {
    return live(accountId).map(l -> l.served.get());
  }

  /**
   * Applies {@code change} atomically for this account (the change may throw an {@link
   * ApiException} and is then not applied; it may run more than once when counters race, once when
   * it changes settings). Lock-free for counters: a charge on a busy account retries a
   * compare-and-set instead of queueing threads behind a lock. A change of settings is written to
   * the log first and then applied. This bridge's usage is written by {@link #flush()} (every 200
   * ms and at shutdown); {@code durable} writes it at once.
   */
  public Account update(String accountId, UnaryOperator<Account> change, boolean durable) {
    Live live = live(accountId).orElseThrow(() -> ApiException.notFound("account", accountId));
    while (true) {
      Account current = live.served.get();
      Account next = change.apply(current);
      if (next == current) {
        return current;
      }
      if (!next.sameSettings(current)) {
        // Settings go through the log (the fold puts them on the served account); counters the
        // same change moved are added as a difference, since the change ran once and its caller
        // may have kept what it saw.
        writeSettings(live, accountId, next);
        AccountUsage delta = AccountUsage.between(current, next);
        Account after = live.served.updateAndGet(delta::addTo);
        counted(accountId, live, delta, durable);
        return after;
      }
      if (live.served.compareAndSet(current, next)) {
        counted(accountId, live, AccountUsage.between(current, next), durable);
        return next;
      }
    }
  }

  private void counted(String accountId, Live live, AccountUsage delta, boolean durable) {
    if (delta.isZero()) {
      return;
    }
    live.own.updateAndGet(u -> u.plus(delta));
    dirty.add(accountId);
    if (durable) {
      flush(accountId);
    }
  }

  /**
   * Writes {@code next}'s settings onto the stored record; the fold puts them in the served one.
   */
  private void writeSettings(Live live, String accountId, Account next) {
    accounts.put(accountId, live.stored.withSettingsOf(next));
    // Folded already when the log was read back; again here in case a newer write came between.
    cache.computeIfPresent(
        accountId,
        (k, l) -> {
          l.fold(a -> a.withSettingsOf(l.stored));
          return l;
        });
  }

  public Account update(String accountId, UnaryOperator<Account> change) {
    return update(accountId, change, false);
  }

  /** Writes this bridge's usage of every account changed since the last flush. */
  public void flush() {
    for (String id : dirty) {
      flush(id);
    }
  }

  private void flush(String accountId) {
    dirty.remove(accountId);
    Live live = cache.get(accountId);
    if (live != null) {
      // The version orders this bridge's writes of its usage: one read back late loses.
      AccountUsage own = live.own.updateAndGet(u -> u.withVersion(u.version() + 1));
      usage.putLater(accountId + "/" + bridgeId, own);
    }
  }

  private Optional<Live> live(String accountId) {
    Live cached = cache.get(accountId);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (accounts.get(accountId, Account.class).isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(cache.computeIfAbsent(accountId, this::load));
  }

  private Live load(String accountId) {
    Optional<Account> stored = accounts.get(accountId, Account.class);
    if (stored.isEmpty()) {
      return null;
    }
    AccountUsage own = AccountUsage.NONE;
    Map<String, AccountUsage> others = new HashMap<>();
    for (Table.Entry e :
        usage.entries(accountId + "/", null, Integer.MAX_VALUE, Long.MAX_VALUE).items()) {
      String bridge = e.key().substring(accountId.length() + 1);
      AccountUsage u = usage.decode(e.value(), AccountUsage.class);
      if (bridge.equals(bridgeId)) {
        own = u;
      } else {
        others.put(bridge, u);
      }
    }
    return new Live(stored.get(), own, others);
  }

  /** The stored record changed (a setting, a new or adopted account): fold what changed. */
  private void storedChanged(String accountId) {
    Optional<Account> now = accounts.get(accountId, Account.class);
    if (now.isEmpty()) {
      cache.remove(accountId);
      return;
    }
    cache.computeIfPresent(
        accountId,
        (k, l) -> {
          Account before = l.stored;
          AccountUsage delta = AccountUsage.between(before, now.get());
          l.stored = now.get();
          l.fold(a -> delta.addTo(a).withSettingsOf(now.get()));
          return l;
        });
  }

  /** Another bridge's usage of an account arrived: fold what it added since the last one. */
  private void usageChanged(String key) {
    int slash = key.lastIndexOf('/');
    String accountId = key.substring(0, slash);
    String bridge = key.substring(slash + 1);
    if (bridge.equals(bridgeId)) {
      return; // this bridge's own usage is counted as it happens
    }
    Optional<AccountUsage> now = usage.get(key, AccountUsage.class);
    cache.computeIfPresent(
        accountId,
        (k, l) -> {
          AccountUsage next = now.orElse(AccountUsage.NONE);
          AccountUsage delta = next.minus(l.others.getOrDefault(bridge, AccountUsage.NONE));
          l.others.put(bridge, next);
          l.fold(delta::addTo);
          return l;
        });
  }

  /** Of two writes of one bridge's usage, the later (higher version) is kept. */
  private static byte[] newerUsage(byte[] current, byte[] incoming) {
    if (current == null || incoming == null) {
      return incoming;
    }
    try {
      long have = JSON.readTree(current).path("version").asLong();
      long got = JSON.readTree(incoming).path("version").asLong();
      return got >= have ? incoming : current;
    } catch (java.io.IOException e) {
      org.slf4j.LoggerFactory.getLogger(AccountStore.class)
          .warn("unreadable account usage, the later one kept: {}", e.toString());
      return incoming;
    }
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
