package io.fleetstream.bridge.internal.store;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's own state shared by every bridge on one Kafka cluster: each write to a shared {@link
 * Table} is a record on one compacted topic (key {@code table/key}, value the stored JSON, no value
 * for a delete), and every bridge applies that topic, in its order, to its own RocksDB. A write
 * returns once this bridge has applied it, so a bridge reads its own writes, and every bridge ends
 * with the same table whichever bridge wrote last.
 *
 * <p>Log first, then the local copy: a write Kafka refused is in no copy (503, nothing half-done),
 * and two bridges writing one key end with the same value on both (the one later in the log). The
 * topic has one partition: bridge state is small and rarely written next to the event topics, and
 * one order for every table is what makes claims ({@link Merge}) decidable by each copy alone.
 *
 * <p>The offset applied is kept in RocksDB, so a restart reads only what it missed. Kafka's own
 * compaction keeps the topic to the latest value per key; deletes stay a day ({@code
 * delete.retention.ms}), so a copy last updated over a day ago is rebuilt from the start.
 */
public final class StateLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StateLog.class);

  public static final String DEFAULT_TOPIC = "fleetstream.bridge_state.v1";

  /** Kafka header naming the bridge that wrote a record (for logs and the tests). */
  static final String ORIGIN_HEADER = "fleetstream-bridge-id";

  private static final String POSITION_KEY = "applied";

  /** Deletes stay on the topic this long after compaction; a copy older than that is rebuilt. */
  static final long DELETE_RETENTION_MS = 86_400_000L;

  /** The last offset applied and when (the wall clock of the bridge that applied it). */
  record Position(long offset, long atMillis) {}

  /**
   * How a shared table combines a record with what it holds: the default replaces; a claim keeps
   * the first claimant. Runs on every bridge in the same log order, so it must decide from its two
   * arguments only.
   */
  public interface Merge {
    /** The value to keep ({@code null}: none) given the current one and the record's. */
    byte[] merge(byte[] current, byte[] incoming);
  }

  /** Told after each record applied, with the key within its table (caches drop that key). */
  public interface Listener {
    void changed(String key);
  }

  private record Shared(Table table, Merge merge, List<Listener> listeners) {}

  private final String bootstrap;
  private final String topic;
  private final String bridgeId;
  private final Duration timeout;
  private final Table offsets;
  private final Map<String, Shared> tables = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Object appliedLock = new Object();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final TopicPartition partition;
  private KafkaProducer<String, byte[]> producer;
  private Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile long applied = -1;
  private volatile long currentAtMillis;
  private long checkedAtMillis;

  /** How often the consumer asks the broker whether it has read everything. */
  private static final long CHECK_EVERY_MS = 500;

  private volatile String lastError;

  /**
   * @param offsets a table of this bridge only (not shared), where the applied offset is kept
   */
  public StateLog(
      String bootstrap, String topic, String bridgeId, Duration timeout, Table offsets) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.bridgeId = bridgeId;
    this.timeout = timeout;
    this.offsets = offsets;
    this.partition = new TopicPartition(topic, 0);
  }

  /** Makes {@code table} shared under {@code name}: its writes go through this log from now on. */
  public StateLog share(String name, Table table, Merge merge) {
    if (name.contains("/")) {
      throw new IllegalArgumentException("a shared table's name has no '/': " + name);
    }
    tables.put(name, new Shared(table, merge, new java.util.concurrent.CopyOnWriteArrayList<>()));
    table.shareThrough(this, name);
    return this;
  }

  public StateLog share(String name, Table table) {
    return share(name, table, (current, incoming) -> incoming);
  }

  /** Calls {@code listener} with each key of {@code table} applied from now on. */
  public void listen(String name, Listener listener) {
    Shared shared = tables.get(name);
    if (shared == null) {
      throw new IllegalArgumentException("no shared table " + name);
    }
    shared.listeners().add(listener);
  }

  /**
   * Creates the topic when missing, reads what this bridge has not applied yet and goes on reading
   * in the background; returns once caught up with the log as it was at the call.
   */
  public StateLog start() {
    ensureTopic();
    Properties p = KafkaClientSettings.producer(bootstrap);
    // One record per write, waited for by a request: batching would only add its wait.
    p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
    long ms = timeout.toMillis();
    long requestTimeout = Math.max(1000, ms / 2);
    p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(ms));
    p.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestTimeout));
    p.setProperty(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        Long.toString(Math.max(ms, requestTimeout + 100)));
    p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "fleetstream-bridge-state-" + bridgeId);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    Optional<Position> stored = offsets.get(POSITION_KEY, Position.class);
    if (stored.isEmpty()) {
      publishLocal();
    }
    Position position = stored.orElse(new Position(-1, 0));
    if (position.offset() >= 0
        && System.currentTimeMillis() - position.atMillis() > DELETE_RETENTION_MS) {
      // Compaction may have dropped deletes this copy never saw: only a rebuild is safe.
      LOG.warn("this bridge's copy of the shared state is over a day old; rebuilding it");
      for (Shared s : tables.values()) {
        s.table().clearLocal();
      }
      position = new Position(-1, 0);
    }
    applied = position.offset();
    thread = new Thread(this::run, "fleetstream-bridge-state");
    thread.setDaemon(true);
    thread.start();
    try {
      // A state of a few GB (idempotency records of a busy day) takes a while; say so.
      while (!caughtUp.await(10, TimeUnit.SECONDS)) {
        LOG.info("reading the shared bridge state: at offset {} of {}", applied, topic);
        if (!running.get()) {
          throw new IllegalStateException("the shared bridge state could not be read");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the shared bridge state", e);
    }
    return this;
  }

  /**
   * A bridge that kept its state before it was shared (no position yet) puts what it holds on the
   * log once, so other bridges learn of its accounts and keys; reading the log back then gives it
   * the same values. A new bridge holds nothing and sends nothing.
   */
  private void publishLocal() {
    long[] sent = {0};
    java.util.concurrent.atomic.AtomicReference<Exception> failed =
        new java.util.concurrent.atomic.AtomicReference<>();
    for (Map.Entry<String, Shared> e : tables.entrySet()) {
      e.getValue()
          .table()
          .forEachStored(
              (key, value) -> {
                producer.send(
                    record(e.getKey(), key, value),
                    (m, error) -> {
                      if (error != null) {
                        failed.compareAndSet(null, error);
                      }
                    });
                sent[0]++;
              });
    }
    producer.flush();
    if (failed.get() != null) {
      throw new IllegalStateException(
          "could not put this bridge's state on " + topic + ": " + failed.get(), failed.get());
    }
    if (sent[0] > 0) {
      LOG.info("put {} entries this bridge kept before its state was shared on {}", sent[0], topic);
    }
  }

  public String bridgeId() {
    return bridgeId;
  }

  /**
   * Writes {@code value} ({@code null}: deletes) under {@code key} of shared table {@code name} and
   * returns once this bridge has applied it; a 503 when Kafka does not take it in time.
   */
  void write(String name, String key, byte[] value) {
    awaitApplied(send(name, key, value));
  }

  /**
   * As {@link #write} for several keys of one table: sent together, and one wait for the last (the
   * log keeps them in this order).
   */
  void writeAll(String name, java.util.LinkedHashMap<String, byte[]> values) {
    List<java.util.concurrent.Future<RecordMetadata>> sent = new java.util.ArrayList<>();
    for (Map.Entry<String, byte[]> e : values.entrySet()) {
      sent.add(producer.send(record(name, e.getKey(), e.getValue())));
    }
    long last = -1;
    for (java.util.concurrent.Future<RecordMetadata> f : sent) {
      last = Math.max(last, acknowledged(f));
    }
    awaitApplied(last);
  }

  /** Writes without waiting for this bridge to apply it (counters flushed in the background). */
  void writeLater(String name, String key, byte[] value) {
    producer.send(
        record(name, key, value),
        (m, e) -> {
          if (e != null) {
            LOG.warn("{}/{} not sent to the shared state (kept here): {}", name, key, e.toString());
          }
        });
  }

  private long send(String name, String key, byte[] value) {
    return acknowledged(producer.send(record(name, key, value)));
  }

  private long acknowledged(java.util.concurrent.Future<RecordMetadata> sent) {
    try {
      return sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while writing the shared bridge state");
    } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
      throw unavailable(
          "Kafka did not acknowledge the write in "
              + timeout.toSeconds()
              + " s (it may still land); retry: "
              + (e.getCause() == null ? e : e.getCause()).getMessage());
    }
  }

  private ProducerRecord<String, byte[]> record(String name, String key, byte[] value) {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, 0, name + "/" + key, value);
    r.headers().add(ORIGIN_HEADER, bridgeId.getBytes(StandardCharsets.UTF_8));
    return r;
  }

  private void awaitApplied(long offset) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (appliedLock) {
      while (applied < offset) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw unavailable(
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
          throw unavailable("interrupted while reading the shared bridge state");
        }
      }
    }
  }

  /**
   * Milliseconds since this bridge last knew from the broker that it had applied the whole log: how
   * old its copy of the shared state may be (up to half a second while Kafka answers).
   */
  public long millisBehind() {
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
          for (Shared s : tables.values()) {
            s.table().clearLocal();
          }
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
          sleep();
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
      if (polledAt - checkedAtMillis >= CHECK_EVERY_MS) {
        checkCurrent(c, polledAt);
      }
      if (applied + 1 >= startEnd && c.currentLag(partition).orElse(1) == 0) {
        caughtUp.countDown();
      }
    }
  }

  /**
   * Asks the broker for the log's end (a poll that returns nothing proves no contact: the consumer
   * keeps its last lag while Kafka is gone) and, when this copy has applied all of it, notes that
   * it was current as of {@code polledAt}.
   */
  private void checkCurrent(KafkaConsumer<String, byte[]> c, long polledAt) {
    checkedAtMillis = polledAt;
    try {
      long end = c.endOffsets(List.of(partition), Duration.ofSeconds(2)).get(partition);
      if (applied + 1 >= end) {
        currentAtMillis = polledAt;
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      lastError = e.toString();
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    int slash = r.key() == null ? -1 : r.key().indexOf('/');
    Shared shared = slash < 0 ? null : tables.get(r.key().substring(0, slash));
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
    for (Listener l : shared.listeners()) {
      try {
        l.changed(key);
      } catch (RuntimeException e) {
        LOG.warn("a listener of {} failed on {}: {}", r.key(), key, e.toString());
      }
    }
  }

  private Properties consumerProperties() {
    Properties p = KafkaClientSettings.readCommittedConsumer(bootstrap, "unused");
    // Assigned, not subscribed: no group, no committed offsets (RocksDB holds the position).
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "fleetstream-bridge-state-" + bridgeId);
    p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.setProperty(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private void ensureTopic() {
    try (Admin admin = Admin.create(KafkaClientSettings.admin(bootstrap))) {
      if (admin
          .listTopics()
          .names()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .contains(topic)) {
        return;
      }
      NewTopic t = new NewTopic(topic, Optional.of(1), Optional.empty()).configs(topicConfig());
      admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("created the shared bridge state topic {}", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create " + topic + ": " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer in " + timeout + " creating " + topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The topic's configs: a table (compacted), deletes kept a day for bridges that were down. */
  public static Map<String, String> topicConfig() {
    return Map.of(
        "cleanup.policy", "compact", "delete.retention.ms", Long.toString(DELETE_RETENTION_MS));
  }

  private static ApiException unavailable(String message) {
    return ApiException.of(ApiErrorCode.SERVICE_UNAVAILABLE, message)
        .withHeader("Retry-After", "5");
  }

  private static void sleep() {
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
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
