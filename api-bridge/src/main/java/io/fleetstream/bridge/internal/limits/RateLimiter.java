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

  private final Cache<String, Bucket> buckets;
  private final Table snapshots;
  private final Clock clock;

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
                  }
                })
            .build();
    purgeFullSnapshots();
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
              decision[0] = b.take(limits, clock.millis());
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
      }
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

    synchronized Snapshot snapshot() {
      return new Snapshot(tokens, lastMillis, fullAtMillis);
    }
  }
}
