package io.fleetstream.bridge.internal.store;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading half of a {@link StateLog}: one thread applies the topic, in its order, to the shared
 * tables' local copies, keeps the offset applied in RocksDB and wakes the writers waiting for their
 * own records.
 */
final class StateReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StateReader.class);

  static final String POSITION_KEY = "applied";

  /** How often the consumer asks the broker whether it has read everything. */
  private static final long CHECK_EVERY_MS = 500;

  /** The last offset applied and when (the wall clock of the bridge that applied it). */
  record Position(long offset, long atMillis) {}

  private final String bootstrap;
  private final String bridgeId;
  private final Duration timeout;
  private final Table offsets;
  private final Map<String, StateLog.Shared> tables;
  private final Function<String, ApiException> unavailable;
  private final TopicPartition partition;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Object appliedLock = new Object();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile long applied = -1;
  private volatile long currentAtMillis;
  private long checkedAtMillis;

  /**
   * The log's end as the broker last gave it, not applied yet (-1: none), and when it was asked.
   */
  private long pendingEnd = -1;

  private long pendingAtMillis;
  private volatile String lastError;

  StateReader(
      String bootstrap,
      String topic,
      String bridgeId,
      Duration timeout,
      Table offsets,
      Map<String, StateLog.Shared> tables,
      Function<String, ApiException> unavailable) {
    this.bootstrap = bootstrap;
    this.bridgeId = bridgeId;
    this.timeout = timeout;
    this.offsets = offsets;
    this.tables = tables;
    this.unavailable = unavailable;
    this.partition = new TopicPartition(topic, 0);
  }

  /** The position kept by an earlier start, if any. */
  Optional<Position> storedPosition() {
    return offsets.get(POSITION_KEY, Position.class);
  }

  /** Starts reading after {@code position}; returns once caught up with the log as it is now. */
  void start(Position position) {
    applied = position.offset();
    thread = new Thread(this::run, "fleetstream-bridge-state");
    thread.setDaemon(true);
    thread.start();
    try {
      // A state of a few GB (idempotency records of a busy day) takes a while; say so.
      while (!caughtUp.await(10, TimeUnit.SECONDS)) {
        LOG.info(
            "reading the shared bridge state: at offset {} of {} ({})",
            applied,
            partition.topic(),
            Optional.ofNullable(lastError).orElse("no error"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the shared bridge state", e);
    }
  }

  /** Empties every shared table's local copy (to be rebuilt from the log). */
  void clearCopies() {
    for (StateLog.Shared s : tables.values()) {
      s.table().clearLocal();
    }
  }

  /** Returns once this copy has applied {@code offset}; a 503 after the timeout. */
  void awaitApplied(long offset) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (appliedLock) {
      while (applied < offset) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw unavailable.apply(
              "the write is in Kafka but this bridge has not read it back in "
                  + timeout.toSeconds()
                  + " s ("
                  + Optional.ofNullable(lastError).orElse("no error seen")
                  + "); it will apply it when it does");
        }
        try {
          appliedLock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw unavailable.apply("interrupted while reading the shared bridge state");
        }
      }
    }
  }

  /**
   * Milliseconds since this bridge last knew from the broker that it had applied the whole log: how
   * old its copy of the shared state may be (up to half a second while Kafka answers).
   */
  long millisBehind() {
    return System.currentTimeMillis() - currentAtMillis;
  }

  private void run() {
    while (running.get()) {
      try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties())) {
        consumer = c;
        if (!running.get()) {
          return;
        }
        c.assign(List.of(partition));
        long start = c.beginningOffsets(List.of(partition), timeout).get(partition);
        long end = c.endOffsets(List.of(partition), timeout).get(partition);
        if (applied + 1 < start || applied + 1 > end) {
          // Records this copy never saw were deleted, or the topic was made anew: only a rebuild
          // from what the topic holds is safe.
          LOG.warn(
              "the shared state topic holds offsets {} to {}, this bridge applied up to {};"
                  + " rebuilding its copy",
              start,
              end,
              applied);
          clearCopies();
          applied = start - 1;
        }
        c.seek(partition, applied + 1);
        lastError = null;
        poll(c, end);
      } catch (org.apache.kafka.common.errors.WakeupException
          | org.apache.kafka.common.errors.InterruptException e) {
        return;
      } catch (RuntimeException e) {
        lastError = e.toString();
        if (running.get()) {
          LOG.warn("reading the shared bridge state failed, retrying in 1 s: {}", e.toString());
          sleepASecond();
        }
      }
    }
  }

  private void poll(KafkaConsumer<String, byte[]> c, long startEnd) {
    if (applied + 1 >= startEnd) {
      currentAtMillis = System.currentTimeMillis();
      checkedAtMillis = currentAtMillis;
      caughtUp.countDown();
    }
    while (running.get()) {
      long polledAt = System.currentTimeMillis();
      var records = c.poll(Duration.ofMillis(200));
      long last = applied;
      for (ConsumerRecord<String, byte[]> r : records) {
        apply(r);
        last = r.offset();
      }
      if (last != applied) {
        offsets.putLocal(POSITION_KEY, new Position(last, System.currentTimeMillis()));
        synchronized (appliedLock) {
          applied = last;
          appliedLock.notifyAll();
        }
      }
      if (pendingEnd >= 0 && applied + 1 >= pendingEnd) {
        currentAtMillis = Math.max(currentAtMillis, pendingAtMillis);
        pendingEnd = -1;
      }
      if (pendingEnd < 0 && polledAt - checkedAtMillis >= CHECK_EVERY_MS) {
        checkCurrent(c);
      }
      if (applied + 1 >= startEnd && c.currentLag(partition).orElse(1) == 0) {
        caughtUp.countDown();
      }
    }
  }

  /**
   * Asks the broker for the log's end (a poll that returns nothing proves no contact: the consumer
   * keeps its last lag while Kafka is gone). Once this copy has applied up to that end it has seen
   * every write made before the question: it was current as of then. (Comparing with what was
   * applied at the moment of asking would almost never match while other bridges write every few
   * milliseconds: `bench api` saw 2 % of its requests refused as if the copy were a minute old.)
   */
  private void checkCurrent(KafkaConsumer<String, byte[]> c) {
    long askedAt = System.currentTimeMillis();
    checkedAtMillis = askedAt;
    try {
      long end = c.endOffsets(List.of(partition), Duration.ofSeconds(2)).get(partition);
      if (applied + 1 >= end) {
        currentAtMillis = askedAt;
      } else {
        pendingEnd = end;
        pendingAtMillis = askedAt;
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      lastError = e.toString();
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    int slash = r.key() == null ? -1 : r.key().indexOf('/');
    StateLog.Shared shared = slash < 0 ? null : tables.get(r.key().substring(0, slash));
    if (shared == null) {
      // A newer bridge's table: this one has no use for it and leaves it to the bridges that do.
      return;
    }
    String key = r.key().substring(slash + 1);
    Table table = shared.table();
    byte[] next = shared.merge().merge(table.getBytes(key), r.value());
    if (next == null) {
      table.deleteLocal(key);
    } else {
      table.putBytesLocal(key, next);
    }
    for (StateLog.Listener l : shared.listeners()) {
      try {
        l.changed(key);
      } catch (RuntimeException e) {
        LOG.warn("a listener of {} failed on {}: {}", r.key(), key, e.toString());
      }
    }
  }

  private Properties consumerProperties() {
    // Assigned, not subscribed: no group, no committed offsets (RocksDB holds the position).
    Properties p = KafkaClientSettings.assignedReadCommittedConsumer(bootstrap);
    p.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "fleetstream-bridge-state-" + bridgeId);
    return p;
  }

  private static void sleepASecond() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running.set(false);
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
