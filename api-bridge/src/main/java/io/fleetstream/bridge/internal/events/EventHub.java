package io.fleetstream.bridge.internal.events;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.connectors.kafka.TopicPartitions;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.json.EventValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live event stream's one reader of the log: it tails the streamed topics (committed records
 * only, from where they ended when it started) and hands each record to the subscribers of the
 * record's tenant, never waiting for any of them. It runs while someone listens and stops after
 * {@link #IDLE_STOP} without subscribers, so a bridge nobody streams from reads nothing.
 *
 * <p>A client resuming from an id gets its own short-lived catch-up reader from that position to
 * where the hub was when the client subscribed, then the hub's live records; see {@link
 * Subscriber}.
 */
public final class EventHub implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

  private final String bootstrapServers;

  /** How long the hub keeps reading with nobody listening. */
  static final Duration IDLE_STOP = Duration.ofSeconds(30);

  /** How long a new stream waits for the hub to find its place in the log. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final BridgeConfig.EventStreams config;
  private final Map<String, List<Subscriber>> byTenant = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final Object lock = new Object();
  private final EventLines lines;
  private final CatchUps catchUps;

  // Guarded by lock.
  private Thread thread;
  private CompletableFuture<Void> started;
  private Map<TopicPartition, Long> position;
  private volatile boolean closed;

  public EventHub(
      String bootstrapServers, EventValidator validator, BridgeConfig.EventStreams config) {
    this.bootstrapServers = bootstrapServers;
    this.config = config;
    this.lines = new EventLines(validator);
    this.catchUps = new CatchUps(() -> properties("catchup"), lines, config.heartbeat());
  }

  /**
   * Subscribes a client of {@code tenant} to {@code categories}, live from now, or from {@code
   * from} (an id the stream handed out). Waits until the hub reads the log.
   *
   * @throws ApiException 429 past the account's or the bridge's number of streams, 503 when Kafka
   *     cannot be read
   */
  public Subscriber subscribe(String tenant, Set<EventCategory> categories, StreamPosition from) {
    while (true) {
      if (closed) {
        throw unavailable("the bridge is stopping");
      }
      CompletableFuture<Void> running = ensureRunning();
      try {
        running.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw unavailable("interrupted");
      } catch (Exception e) {
        throw unavailable("the event log cannot be read: " + e.getMessage());
      }
      if (from != null) {
        refusePastTheEnd(from);
      }
      Subscriber s = new Subscriber(tenant, categories, config.buffer());
      StreamPosition snapshot;
      synchronized (lock) {
        if (started != running || thread == null) {
          continue; // the reader stopped for idleness in between: start another
        }
        List<Subscriber> own = byTenant.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>());
        if (own.size() >= config.maxPerAccount()) {
          throw ApiException.of(
                  ApiErrorCode.CONCURRENCY_LIMITED,
                  "this account already has "
                      + own.size()
                      + " open event streams, the most it may have; close one first")
              .withHeader("Retry-After", "1");
        }
        if (count.get() >= config.maxTotal()) {
          throw unavailable("the bridge serves " + count.get() + " event streams, its most");
        }
        snapshot = StreamPosition.of(position);
        if (from != null) {
          s.startCatchUp(from.max(snapshot));
        }
        own.add(s);
        count.incrementAndGet();
      }
      s.onEnd(() -> forget(s));
      if (from != null) {
        catchUps.start(s, from, snapshot);
      }
      return s;
    }
  }

  /**
   * An id past the end of the log was not handed out by this log (or the topics were recreated):
   * resuming from it would silently skip everything up to that offset.
   */
  private void refusePastTheEnd(StreamPosition from) {
    StreamPosition hub;
    synchronized (lock) {
      hub = StreamPosition.of(position);
    }
    if (!from.aheadOf(hub)) {
      return;
    }
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties("ends"))) {
      Map<TopicPartition, Long> ends =
          consumer.endOffsets(
              from.asMap().keySet().stream().filter(hub.asMap()::containsKey).toList(),
              Duration.ofSeconds(10));
      for (var e : ends.entrySet()) {
        if (from.next(e.getKey()) > e.getValue()) {
          throw ApiException.invalid(
              "Last-Event-ID",
              "Last-Event-ID is past the end of "
                  + e.getKey()
                  + " ("
                  + e.getValue()
                  + "): it does not come from this event log; reconnect without it");
        }
      }
    }
  }

  /** Open streams now. */
  public int size() {
    return count.get();
  }

  private void forget(Subscriber s) {
    List<Subscriber> own = byTenant.get(s.tenant());
    if (own != null && own.remove(s)) {
      count.decrementAndGet();
    }
  }

  private CompletableFuture<Void> ensureRunning() {
    synchronized (lock) {
      if (thread == null) {
        started = new CompletableFuture<>();
        thread = new Thread(this::run, "fleetstream-bridge-events");
        thread.setDaemon(true);
        thread.start();
      }
      return started;
    }
  }

  private void run() {
    CompletableFuture<Void> myStart;
    synchronized (lock) {
      myStart = started;
    }
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties("events"))) {
      List<TopicPartition> partitions = TopicPartitions.of(consumer, EventCategory.TOPICS);
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      Map<TopicPartition, Long> start = new HashMap<>();
      for (TopicPartition tp : partitions) {
        start.put(tp, consumer.position(tp, Duration.ofSeconds(30)));
      }
      synchronized (lock) {
        position = start;
      }
      myStart.complete(null);
      long idleSince = System.nanoTime();
      while (!closed) {
        var records = consumer.poll(Duration.ofMillis(100));
        synchronized (lock) {
          for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            position.put(tp, r.offset() + 1);
            dispatch(r, tp);
          }
          if (count.get() > 0) {
            idleSince = System.nanoTime();
          } else if (System.nanoTime() - idleSince > IDLE_STOP.toNanos()) {
            thread = null;
            LOG.debug("no event stream for {}; the hub stops reading", IDLE_STOP);
            return;
          }
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("event stream reader failed; open streams end and may resume: {}", e.toString());
      }
      myStart.completeExceptionally(e);
      List<Subscriber> orphans = new ArrayList<>();
      synchronized (lock) {
        if (thread == Thread.currentThread()) {
          thread = null;
        }
        byTenant.values().forEach(orphans::addAll);
      }
      // They resume with their last id once the log can be read again.
      orphans.forEach(s -> s.end("the event log became unreadable"));
    } finally {
      if (!myStart.isDone()) {
        myStart.completeExceptionally(new IllegalStateException("stopped"));
      }
    }
  }

  private void dispatch(ConsumerRecord<String, byte[]> r, TopicPartition tp) {
    List<Subscriber> own = byTenant.get(tenantOf(r.key()));
    if (own == null || own.isEmpty()) {
      return;
    }
    Topic topic = Topic.byName(r.topic()).orElseThrow();
    EventCategory category = EventCategory.of(topic).orElseThrow();
    if (own.stream().noneMatch(s -> s.wants(category))) {
      return;
    }
    String data = lines.of(topic, r.value());
    if (data == null) {
      return;
    }
    StreamPosition[] after = new StreamPosition[1];
    for (Subscriber s : own) {
      s.live(
          category,
          tp,
          r.offset(),
          data,
          () -> after[0] != null ? after[0] : (after[0] = StreamPosition.of(position)));
    }
  }

  static String tenantOf(String key) {
    if (key == null) {
      return "";
    }
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }

  /**
   * Read-committed, no group: each reader assigns itself what it reads. Its reset to the earliest
   * offset makes an id from before a partition's retained start resume from that start.
   */
  private Properties properties(String role) {
    Properties p = KafkaClientSettings.assignedReadCommittedConsumer(bootstrapServers);
    p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "fleetstream-bridge-" + role);
    return p;
  }

  private static ApiException unavailable(String why) {
    return ApiException.of(ApiErrorCode.SERVICE_UNAVAILABLE, "no event stream now: " + why)
        .withHeader("Retry-After", "5");
  }

  /** Ends every stream and stops reading. */
  @Override
  public void close() {
    closed = true;
    byTenant.values().forEach(list -> list.forEach(s -> s.end("the bridge is stopping")));
    Thread t;
    synchronized (lock) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
