package io.fleetstream.bridge.internal.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.store.Table;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets, one per name ({@code acct:<id>} for an account, {@code key:<id>} for a key with
 * limits of its own): each holds up to {@code burst} requests and refills at {@code rpm} per
 * minute. Buckets are snapshotted to RocksDB, so a restart does not hand out a fresh burst.
 *
 * <p>A bucket is dropped (from memory and from RocksDB) once it has been idle long enough to be
 * full again: a full bucket and no bucket answer the same, so expiry never changes a decision, and
 * the store holds only buckets that are still refilling instead of one per key ever seen.
 *
 * <p>Across bridges ({@link #shareThrough}): each bridge writes, every 50 ms, how many tokens it
 * took from each bucket it used ({@code rate_usage}, key {@code bucket/bridge}), and takes what the
 * other bridges took out of its own copy of the bucket when it reads that. A client spread over N
 * bridges gets its limit, plus at most what the bridges admitted before reading each other (about
 * 50 ms of the refill rate, plus the burst once if it arrives on all of them at once).
 */
public final class RateLimiter {

  /** The outcome of one request against its bucket; the numbers are the response headers. */
  public record Decision(
      boolean allowed,
      int limit,
      int burst,
      int remaining,
      long resetEpochSeconds,
      long retryAfterSeconds) {}

  /**
   * Persisted form of a bucket; {@code fullAtMillis} lets a restart drop snapshots of buckets that
   * are full by then.
   */
  record Snapshot(double tokens, long atMillis, long fullAtMillis) {}

  /**
   * What one bridge took from one bucket: {@code count} since that bucket was made there, {@code
   * recent} of them since its previous write, at {@code atMillis}.
   */
  record Taken(long count, long recent, long atMillis) {}

  /**
   * A write this old is history, not news: read at start-up (or after an outage), it says how far
   * the counts are, and takes nothing from a bucket that has refilled since.
   */
  private static final long FRESH_MS = 5_000;

  /** Tokens the other bridges took from buckets not held here (yet), and when last. */
  private record Debt(double tokens, long atMillis) {}

  /** Debts this old are forgotten: the bucket has refilled by then for any realistic limit. */
  private static final long DEBT_TTL_MS = 60_000;

  private final Cache<String, Bucket> buckets;
  private final Table snapshots;
  private final Clock clock;
  private final java.util.Set<String> takenSinceFlush =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.ConcurrentHashMap<String, Long> seen =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<String, Debt> debts =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Table taken;
  private volatile String bridgeId;

  public RateLimiter(Table snapshots, Clock clock) {
    this.snapshots = snapshots;
    this.clock = clock;
    // Runnable::run: expiry and its store deletes run on the calling thread, never after the store
    // is closed.
    this.buckets =
        Caffeine.newBuilder()
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .expireAfter(new UntilFull())
            .executor(Runnable::run)
            .removalListener(
                (String key, Bucket bucket, RemovalCause cause) -> {
                  if (cause == RemovalCause.EXPIRED) {
                    snapshots.delete(key);
                    Table shared = taken;
                    if (shared != null && bucket != null && bucket.written()) {
                      shared.deleteLater(key + "/" + bridgeId);
                    }
                  }
                })
            .build();
    purgeFullSnapshots();
  }

  /**
   * Counts the takes of every bridge of {@code state} against each bucket: {@code usage} is shared
   * as {@code rate_usage}. Call before the log starts, then {@link #flushTaken()} every 50 ms.
   */
  public RateLimiter shareThrough(
      io.fleetstream.bridge.internal.store.StateLog state, Table usage) {
    this.bridgeId = state.bridgeId();
    this.taken = usage;
    state.share("rate_usage", usage).listen("rate_usage", this::takenElsewhere);
    return this;
  }

  /** Writes how many tokens this bridge took from each bucket it used since the last call. */
  public void flushTaken() {
    Table shared = taken;
    if (shared == null) {
      return;
    }
    for (String key : takenSinceFlush) {
      takenSinceFlush.remove(key);
      Bucket b = buckets.getIfPresent(key);
      if (b != null) {
        shared.putLater(key + "/" + bridgeId, b.taken(clock.millis()));
      }
    }
    long old = clock.millis() - DEBT_TTL_MS;
    debts.values().removeIf(d -> d.atMillis() < old);
  }

  /** Another bridge took tokens from a bucket: take as many from this bridge's copy. */
  private void takenElsewhere(String key) {
    int slash = key.lastIndexOf('/');
    String bucketKey = key.substring(0, slash);
    if (key.substring(slash + 1).equals(bridgeId)) {
      return;
    }
    java.util.Optional<Taken> now = taken.get(key, Taken.class);
    if (now.isEmpty()) {
      seen.remove(key);
      return;
    }
    long at = clock.millis();
    Taken t = now.get();
    Long before = seen.put(key, t.count());
    // An old write is history (a start-up reads every write since its last position). A fresh one
    // counts the exact difference from the last one read, whatever writes were missed in between;
    // the first one read (or a bucket made afresh there), only its recent takes.
    long delta =
        at - t.atMillis() >= FRESH_MS
            ? 0
            : before != null && t.count() >= before ? t.count() - before : t.recent();
    if (delta == 0) {
      return;
    }
    Bucket held =
        buckets
            .asMap()
            .computeIfPresent(
                bucketKey,
                (k, b) -> {
                  b.owe(delta, at);
                  return b;
                });
    if (held == null) {
      debts.merge(bucketKey, new Debt(delta, at), (a, b) -> new Debt(a.tokens() + b.tokens(), at));
    }
  }

  /** Takes one token from {@code bucketKey}'s bucket if it has one. */
  public Decision take(String bucketKey, BridgeConfig.Limits limits) {
    Decision[] decision = new Decision[1];
    // compute, not get: the expiry is then computed from the state after this take.
    buckets
        .asMap()
        .compute(
            bucketKey,
            (k, bucket) -> {
              Bucket b = bucket != null ? bucket : restore(k, limits);
              Debt debt = debts.remove(k);
              if (debt != null) {
                b.owe(debt.tokens(), clock.millis());
              }
              decision[0] = b.take(limits, clock.millis());
              if (decision[0].allowed()) {
                takenSinceFlush.add(k);
              }
              return b;
            });
    return decision[0];
  }

  private Bucket restore(String key, BridgeConfig.Limits limits) {
    return snapshots
        .get(key, Snapshot.class)
        .map(s -> new Bucket(s.tokens(), s.atMillis()))
        .orElseGet(() -> new Bucket(limits.burst(), clock.millis()));
  }

  /**
   * Drops expired buckets and writes the state of the others; called periodically and at shutdown.
   * Expiry also happens as requests come, but only on the threads that call in: no timer thread may
   * touch the store after the bridge closed it.
   */
  public void persist() {
    buckets.cleanUp();
    buckets.asMap().forEach((key, bucket) -> snapshots.put(key, bucket.snapshot()));
  }

  /** How many buckets are held after dropping the expired ones. */
  public long activeBuckets() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  /** Snapshots written before a restart whose buckets would be full by now are of no use. */
  private void purgeFullSnapshots() {
    long now = clock.millis();
    for (String key : snapshots.keys("")) {
      snapshots
          .get(key, Snapshot.class)
          .filter(s -> s.fullAtMillis() <= now)
          .ifPresent(s -> snapshots.delete(key));
    }
  }

  /**
   * Each bucket lives until it would be full again (at least a second, so a burst of requests
   * reuses it).
   */
  private static final class UntilFull implements Expiry<String, Bucket> {
    @Override
    public long expireAfterCreate(String key, Bucket bucket, long currentTime) {
      return untilFull(bucket, currentTime);
    }

    @Override
    public long expireAfterUpdate(
        String key, Bucket bucket, long currentTime, long currentDuration) {
      return untilFull(bucket, currentTime);
    }

    @Override
    public long expireAfterRead(String key, Bucket bucket, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private static long untilFull(Bucket bucket, long nowNanos) {
      long nowMillis = TimeUnit.NANOSECONDS.toMillis(nowNanos);
      return TimeUnit.MILLISECONDS.toNanos(Math.max(1000, bucket.fullAtMillis() - nowMillis));
    }
  }

  static final class Bucket {
    private double tokens;
    private long lastMillis;
    private volatile long fullAtMillis;
    private long takenHere;
    private long written;
    private boolean wroteOnce;
    private double refillPerMilli;

    Bucket(double tokens, long lastMillis) {
      this.tokens = tokens;
      this.lastMillis = lastMillis;
    }

    synchronized Decision take(BridgeConfig.Limits limits, long now) {
      double perMilli = limits.rpm() / 60_000.0;
      if (now > lastMillis) {
        tokens = Math.min(limits.burst(), tokens + (now - lastMillis) * perMilli);
        lastMillis = now;
      }
      tokens = Math.min(tokens, limits.burst());
      boolean allowed = tokens >= 1;
      if (allowed) {
        tokens -= 1;
        takenHere++;
      }
      refillPerMilli = perMilli;
      long msUntilFull = (long) Math.ceil((limits.burst() - tokens) / perMilli);
      fullAtMillis = now + msUntilFull;
      long resetEpochSeconds = (now + msUntilFull + 999) / 1000;
      long retryAfter =
          allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perMilli / 1000.0));
      return new Decision(
          allowed,
          limits.rpm(),
          limits.burst(),
          (int) Math.floor(tokens),
          resetEpochSeconds,
          retryAfter);
    }

    long fullAtMillis() {
      return fullAtMillis;
    }

    /** What this bridge took, all and since the last call, for the other bridges. */
    synchronized Taken taken(long now) {
      long recent = takenHere - written;
      written = takenHere;
      wroteOnce = true;
      return new Taken(takenHere, recent, now);
    }

    /** Whether {@link #taken} was ever called: the other bridges hold a count of this bucket. */
    synchronized boolean written() {
      return wroteOnce;
    }

    /**
     * Takes {@code owed} tokens other bridges took (the bucket may go below zero: this bridge then
     * refuses until the refill covers them).
     */
    synchronized void owe(double owed, long now) {
      tokens -= owed;
      if (refillPerMilli > 0) {
        fullAtMillis = Math.max(fullAtMillis, now + (long) Math.ceil(owed / refillPerMilli));
      }
    }

    synchronized Snapshot snapshot() {
      return new Snapshot(tokens, lastMillis, fullAtMillis);
    }
  }
}
