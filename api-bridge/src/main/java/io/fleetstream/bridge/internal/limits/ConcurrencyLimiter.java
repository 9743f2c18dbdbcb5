package io.fleetstream.bridge.internal.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many requests of one kind each account has waiting at once (synchronous optimizes): past the
 * cap the caller is told to come back rather than queued, so one account's waiting requests cannot
 * grow without bound while everyone else's are answered. Counts live in memory only; a restarted
 * bridge has nothing waiting.
 */
public final class ConcurrencyLimiter {

  private final int cap;
  private final Map<String, Integer> inUse = new ConcurrentHashMap<>();

  public ConcurrencyLimiter(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("the cap must be at least 1, not " + cap);
    }
    this.cap = cap;
  }

  public int cap() {
    return cap;
  }

  /** Takes a slot of {@code account}; false when all {@link #cap()} are in use. */
  public boolean tryAcquire(String account) {
    boolean[] taken = {false};
    inUse.compute(
        account,
        (k, n) -> {
          int used = n == null ? 0 : n;
          if (used >= cap) {
            return n;
          }
          taken[0] = true;
          return used + 1;
        });
    return taken[0];
  }

  /** Gives back a slot taken by {@link #tryAcquire}; the entry goes once nothing is in use. */
  public void release(String account) {
    inUse.computeIfPresent(account, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Slots of {@code account} in use now. */
  public int inUse(String account) {
    return inUse.getOrDefault(account, 0);
  }
}
