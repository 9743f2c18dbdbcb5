package io.fleetstream.bridge.internal.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiJson;
import io.fleetstream.bridge.internal.store.StateLog;
import io.fleetstream.bridge.internal.store.Table;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Accounts as this bridge serves them: each account's stored record (settings and the counters it
 * started with) plus every bridge's {@link AccountUsage}, kept in memory and folded as the other
 * bridges' usage arrives from the {@link StateLog}.
 */
final class ServedAccounts {

  private static final ObjectMapper JSON = ApiJson.mapper();

  private final Table accounts;
  private final Table usage;
  private final String bridgeId;
  private final ConcurrentHashMap<String, Live> cache = new ConcurrentHashMap<>();
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();

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

  ServedAccounts(Table accounts, Table usage, String bridgeId) {
    this.accounts = accounts;
    this.usage = usage;
    this.bridgeId = bridgeId;
  }

  /** Shares the records and usage with the other bridges of {@code state}, before it starts. */
  void shareThrough(StateLog state) {
    state.share("accounts", accounts).listen("accounts", this::storedChanged);
    state.share("account_usage", usage, ServedAccounts::newerUsage);
    state.listen("account_usage", this::usageChanged);
  }

  /** Keeps {@code account} as the stored record of a new (or adopted) account. */
  void store(Account account) {
    accounts.put(account.id(), account);
  }

  Optional<Account> find(String accountId) {
    return live(accountId).map(l -> l.served.get());
  }

  /** As {@link AccountStore#update(String, UnaryOperator, boolean)}. */
  Account update(String accountId, UnaryOperator<Account> change, boolean durable) {
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
      // An operator's top-up: on every bridge before the answer, not 200 ms later.
      dirty.remove(accountId);
      try {
        usage.put(accountId + "/" + bridgeId, nextVersion(live));
      } catch (RuntimeException kafkaDown) {
        // Answered as not done (503): undone here too, or a retry would count it twice.
        live.own.updateAndGet(u -> u.minus(delta));
        live.served.updateAndGet(a -> AccountUsage.NONE.minus(delta).addTo(a));
        throw kafkaDown;
      }
    }
  }

  private static AccountUsage nextVersion(Live live) {
    // The version orders this bridge's writes of its usage: one read back late loses.
    return live.own.updateAndGet(u -> u.withVersion(u.version() + 1));
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

  /** Writes this bridge's usage of every account changed since the last flush. */
  void flush() {
    for (String id : dirty) {
      flush(id);
    }
  }

  private void flush(String accountId) {
    dirty.remove(accountId);
    Live live = cache.get(accountId);
    if (live != null) {
      usage.putLater(accountId + "/" + bridgeId, nextVersion(live));
    }
  }

  /**
   * Sends this bridge's usage of every account again, as kept here: a write kept here while Kafka
   * was down (or just before a crash) reaches the other bridges at the next start, not only at the
   * account's next charge. Their copies keep the newer of two versions, so a resend changes nothing
   * that they have.
   */
  void resendOwnUsage() {
    String own = "/" + bridgeId;
    for (String key : usage.keys("")) {
      if (key.endsWith(own)) {
        usage.get(key, AccountUsage.class).ifPresent(u -> usage.putLater(key, u));
      }
    }
  }

  private Optional<Live> live(String accountId) {
    Live cached = cache.get(accountId);
    if (cached != null) {
      return Optional.of(cached);
    }
    // load answers null for an unknown account, which the map does not keep.
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
      org.slf4j.LoggerFactory.getLogger(ServedAccounts.class)
          .warn("unreadable account usage, the later one kept: {}", e.toString());
      return incoming;
    }
  }
}
