package io.fleetstream.bridge.internal.state;

import io.fleetstream.bridge.internal.views.ViewStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's periodic work on its stores, on one daemon thread: rate-limit snapshots, the
 * accounts' and rate limits' shared writes, expired idempotency records, and history older than its
 * topic keeps it. {@link #close} waits for a task still writing, so the stores can close after it.
 */
public final class Housekeeping implements AutoCloseable {

  /**
   * How long delivery attempts and webhook events stay listed: as long as their topics keep them.
   */
  public static final Duration WEBHOOK_HISTORY = Duration.ofDays(7);

  /** How long a what-if can be read back: as long as the simulations topic keeps it. */
  public static final Duration SIMULATION_HISTORY = Duration.ofDays(7);

  /** How long the decision log stays listed: as long as the audit topic keeps it. */
  public static final Duration DECISION_HISTORY = Duration.ofDays(30);

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fleetstream-bridge-maintenance");
            t.setDaemon(true);
            return t;
          });

  private Housekeeping() {}

  /** Starts the periodic work on this bridge's own state and its views. */
  public static Housekeeping start(OwnState own, ViewStore views) {
    Housekeeping h = new Housekeeping();
    ScheduledExecutorService e = h.executor;
    e.scheduleWithFixedDelay(own.rateLimiter()::persist, 5, 5, TimeUnit.SECONDS);
    e.scheduleWithFixedDelay(own.accounts()::flush, 200, 200, TimeUnit.MILLISECONDS);
    e.scheduleWithFixedDelay(own.rateLimiter()::flushTaken, 50, 50, TimeUnit.MILLISECONDS);
    e.scheduleWithFixedDelay(own.idempotency()::purgeExpired, 10, 600, TimeUnit.SECONDS);
    e.scheduleWithFixedDelay(
        () -> {
          views.purgeBefore(Instant.now().minus(WEBHOOK_HISTORY));
          views.audit().purgeBefore(Instant.now().minus(DECISION_HISTORY));
          views.simulations().purgeBefore(Instant.now().minus(SIMULATION_HISTORY));
        },
        60,
        3600,
        TimeUnit.SECONDS);
    return h;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      // A task still writing to RocksDB must finish before the stores close under it.
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
