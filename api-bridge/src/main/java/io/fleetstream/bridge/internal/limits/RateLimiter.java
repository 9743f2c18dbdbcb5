package io.fleetstream.bridge.internal.limits;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.store.Table;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per API key: it holds up to {@code burst} requests and refills at {@code rpm} per
 * minute. Each key has its own bucket, so one tenant's burst never slows another. Buckets are
 * snapshotted to RocksDB, so a restart does not hand out a fresh burst.
 */
public final class RateLimiter {

  /** The outcome of one request against its bucket; the numbers are the response headers. */
  public record Decision(boolean allowed, int limit, int burst, int remaining, long resetEpochSeconds, long retryAfterSeconds) {}

  /** Persisted form of a bucket. */
  record Snapshot(double tokens, long atMillis) {}

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Table snapshots;
  private final Clock clock;

  public RateLimiter(Table snapshots, Clock clock) {
    this.snapshots = snapshots;
    this.clock = clock;
  }

  /** Takes one token from {@code bucketKey}'s bucket if it has one. */
  public Decision take(String bucketKey, BridgeConfig.Limits limits) {
    Bucket bucket = buckets.computeIfAbsent(bucketKey, k -> restore(k, limits));
    return bucket.take(limits, clock.millis());
  }

  private Bucket restore(String key, BridgeConfig.Limits limits) {
    return snapshots.get(key, Snapshot.class)
        .map(s -> new Bucket(s.tokens(), s.atMillis()))
        .orElseGet(() -> new Bucket(limits.burst(), clock.millis()));
  }

  /** Writes every bucket's state; called periodically and at shutdown. */
  public void persist() {
    buckets.forEach((key, bucket) -> snapshots.put(key, bucket.snapshot()));
  }

  static final class Bucket {
    private double tokens;
    private long lastMillis;

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
      long resetEpochSeconds = (now + msUntilFull + 999) / 1000;
      long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perMilli / 1000.0));
      return new Decision(allowed, limits.rpm(), limits.burst(), (int) Math.floor(tokens), resetEpochSeconds, retryAfter);
    }

    synchronized Snapshot snapshot() {
      return new Snapshot(tokens, lastMillis);
    }
  }
}
