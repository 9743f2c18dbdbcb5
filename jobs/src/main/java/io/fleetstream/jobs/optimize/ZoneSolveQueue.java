package io.fleetstream.jobs.optimize;

import io.fleetstream.jobs.internal.threads.BackgroundPriority;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Where re-optimization requests wait for the one solver thread of an operator instance.
 *
 * <p>Two rules keep re-optimization from starving live dispatch: only the newest request of a zone
 * waits (an older one is handed back at once, because the zone has changed since), and after each
 * solve the thread rests so that solving takes at most {@code cpuShare} of one core. Without them a
 * busy tenant queues re-solves faster than they finish, the asynchronous operator fills up, and the
 * planner stalls behind it. When the machine is busy (CPU load at or above {@value #BUSY_LOAD},
 * read after each solve), the share drops to {@value #BUSY_SHARE_FACTOR} of itself: live pings,
 * ETAs and decisions come first, and the plans catch up when the load falls. Measured at 15,000
 * pings/s on two cores, the re-optimizers at their full share were a quarter of all CPU samples.
 *
 * @param <T> a request; {@code zoneOf} names its zone
 */
final class ZoneSolveQueue<T> implements AutoCloseable {

  static final double BUSY_LOAD = 0.9;
  static final double BUSY_SHARE_FACTOR = 0.4;

  private final Map<String, T> waiting = new LinkedHashMap<>();
  private final Function<T, String> zoneOf;
  private final Consumer<T> solve;
  private final Consumer<T> drop;
  private final double cpuShare;
  private final DoubleSupplier machineLoad;
  private final Thread worker;
  private boolean closed;

  /**
   * @param solve runs one request (on the queue's thread)
   * @param drop hands back a request that will not be solved (superseded, timed out, or closed)
   * @param cpuShare in (0, 1]: the share of one core the solver may use over time
   */
  ZoneSolveQueue(
      String name,
      Function<T, String> zoneOf,
      Consumer<T> solve,
      Consumer<T> drop,
      double cpuShare) {
    this(name, zoneOf, solve, drop, cpuShare, () -> 0);
  }

  /**
   * @param machineLoad the machine's recent CPU load in [0, 1]
   */
  ZoneSolveQueue(
      String name,
      Function<T, String> zoneOf,
      Consumer<T> solve,
      Consumer<T> drop,
      double cpuShare,
      DoubleSupplier machineLoad) {
    if (!(cpuShare > 0 && cpuShare <= 1)) {
      throw new IllegalArgumentException("cpuShare must be in (0, 1], was " + cpuShare);
    }
    this.zoneOf = zoneOf;
    this.solve = solve;
    this.drop = drop;
    this.cpuShare = cpuShare;
    this.machineLoad = machineLoad;
    this.worker = new Thread(this::work, name);
    worker.setDaemon(true);
    worker.start();
  }

  /** Queues the request as its zone's newest; the one it replaces (if any) is dropped. */
  void offer(T request) {
    T superseded;
    synchronized (waiting) {
      if (closed) {
        superseded = request;
      } else {
        superseded = waiting.remove(zoneOf.apply(request));
        waiting.put(zoneOf.apply(request), request);
        waiting.notifyAll();
      }
    }
    if (superseded != null) {
      drop.accept(superseded);
    }
  }

  /** Takes the request out if it is still waiting; true when it was. */
  boolean withdraw(T request) {
    synchronized (waiting) {
      return waiting.remove(zoneOf.apply(request), request);
    }
  }

  int waiting() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  private void work() {
    // Solves yield to live pings, ETAs and decisions within a solve too, not only between them.
    BackgroundPriority.lowerCurrentThread();
    while (true) {
      T next;
      synchronized (waiting) {
        while (waiting.isEmpty() && !closed) {
          try {
            waiting.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (closed) {
          return;
        }
        Iterator<T> oldest = waiting.values().iterator();
        next = oldest.next();
        oldest.remove();
      }
      long start = System.nanoTime();
      solve.accept(next);
      double share =
          machineLoad.getAsDouble() >= BUSY_LOAD ? cpuShare * BUSY_SHARE_FACTOR : cpuShare;
      long restNanos = (long) ((System.nanoTime() - start) * (1 / share - 1));
      if (!rest(restNanos)) {
        return;
      }
    }
  }

  /** Waits out the rest period; false when the queue closed meanwhile. */
  private boolean rest(long nanos) {
    long until = System.nanoTime() + nanos;
    synchronized (waiting) {
      long left;
      while (!closed && (left = until - System.nanoTime()) > 0) {
        try {
          waiting.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return !closed;
    }
  }

  @Override
  public void close() {
    List<T> left;
    synchronized (waiting) {
      closed = true;
      left = new ArrayList<>(waiting.values());
      waiting.clear();
      waiting.notifyAll();
    }
    left.forEach(drop);
    worker.interrupt();
  }
}
