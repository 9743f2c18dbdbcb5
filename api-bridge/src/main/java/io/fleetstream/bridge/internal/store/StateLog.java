package io.fleetstream.bridge.internal.store;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.connectors.kafka.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

  /** Kafka header naming the bridge that wrote a record (for whoever reads the topic). */
  static final String ORIGIN_HEADER = "fleetstream-bridge-id";

  /** Deletes stay on the topic this long after compaction; a copy older than that is rebuilt. */
  static final long DELETE_RETENTION_MS = TopicAdmin.BRIDGE_STATE_DELETE_RETENTION_MS;

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

  record Shared(Table table, Merge merge, List<Listener> listeners) {}

  private final String bootstrap;
  private final String topic;
  private final String bridgeId;
  private final Duration timeout;
  private final Map<String, Shared> tables = new java.util.concurrent.ConcurrentHashMap<>();
  private final StateReader reader;
  private KafkaProducer<String, byte[]> producer;

  /**
   * @param offsets a table of this bridge only (not shared), where the applied offset is kept
   */
  public StateLog(
      String bootstrap, String topic, String bridgeId, Duration timeout, Table offsets) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.bridgeId = bridgeId;
    this.timeout = timeout;
    this.reader =
        new StateReader(
            bootstrap, topic, bridgeId, timeout, offsets, tables, StateLog::unavailable);
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
    TopicAdmin.builder()
        .bootstrapServers(bootstrap)
        .timeout(timeout)
        .build()
        .ensureTopic(topic, 1, TopicAdmin.bridgeStateConfig());
    Properties p = KafkaClientSettings.producer(bootstrap, timeout);
    // One record per write, waited for by a request: batching would only add its wait.
    p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "fleetstream-bridge-state-" + bridgeId);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    Optional<StateReader.Position> stored = reader.storedPosition();
    if (stored.isEmpty()) {
      publishLocal();
    }
    StateReader.Position position = stored.orElse(new StateReader.Position(-1, 0));
    if (position.offset() >= 0
        && System.currentTimeMillis() - position.atMillis() > DELETE_RETENTION_MS) {
      // Compaction may have dropped deletes this copy never saw: only a rebuild is safe.
      LOG.warn("this bridge's copy of the shared state is over a day old; rebuilding it");
      reader.clearCopies();
      position = new StateReader.Position(-1, 0);
    }
    reader.start(position);
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
    reader.awaitApplied(send(name, key, value));
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
    reader.awaitApplied(last);
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

  /**
   * Milliseconds since this bridge last knew from the broker that it had applied the whole log: how
   * old its copy of the shared state may be (up to half a second while Kafka answers).
   */
  public long millisBehind() {
    return reader.millisBehind();
  }

  private static ApiException unavailable(String message) {
    return ApiException.of(ApiErrorCode.SERVICE_UNAVAILABLE, message)
        .withHeader("Retry-After", "5");
  }

  @Override
  public void close() {
    reader.close();
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
