package io.fleetstream.bridge.internal.views;

import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.connectors.kafka.TopicPartitions;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the topics into the views. It assigns itself every partition (no consumer group: each
 * bridge keeps its own complete views), starts where the views left off (or at the beginning, which
 * rebuilds them), reads committed records only, and tells listeners about every applied event.
 * "Caught up" means it has read past every offset that existed when it started.
 */
public final class ViewConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ViewConsumer.class);
  public static final List<Topic> TOPICS =
      List.of(
          Topic.JOBS,
          Topic.DRIVERS,
          Topic.ASSIGNMENTS,
          Topic.COMMANDS,
          Topic.PLANS,
          Topic.ETA,
          Topic.SLA,
          Topic.AUDIT,
          Topic.DLQ,
          Topic.WEBHOOKS,
          Topic.WEBHOOK_ENDPOINTS,
          Topic.DELIVERIES,
          Topic.SIMULATIONS);

  /** Called on the consumer thread after an event was folded into the views. */
  public interface Listener {
    void applied(Topic topic, CloudEvent event);
  }

  private final String bootstrapServers;
  private final byte[] origin;
  private final ViewStore views;
  private final EventValidator validator;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile boolean caughtUp;

  /** Records not folded yet per topic, as of the consumer's last poll (read by the metrics). */
  private final Map<Topic, Long> lag = new java.util.concurrent.ConcurrentHashMap<>();

  private volatile long lastPollMillis;
  private volatile String lastError;
  private Map<TopicPartition, Long> startEnd;
  private volatile KafkaConsumer<String, byte[]> current;
  private final Queue<BarrierRequest> barrierRequests = new ConcurrentLinkedQueue<>();
  private final List<Barrier> barriers = new ArrayList<>(); // the consumer thread's own

  public ViewConsumer(
      String bootstrapServers, ViewStore views, EventValidator validator, String origin) {
    this.origin = origin.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.bootstrapServers = bootstrapServers;
    this.views = views;
    this.validator = validator;
    this.thread = new Thread(this::run, "fleetstream-bridge-views");
    thread.setDaemon(true);
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public void start() {
    thread.start();
  }

  /** Records of {@code topic} not folded yet, as of the last poll (0 before the first). */
  public long lag(Topic topic) {
    return lag.getOrDefault(topic, 0L);
  }

  /** From the fetch positions and end offsets the consumer already holds: no request to Kafka. */
  private void recordLag(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
    Map<Topic, Long> sums = new HashMap<>();
    for (TopicPartition tp : partitions) {
      java.util.OptionalLong behind = consumer.currentLag(tp);
      if (behind.isPresent()) {
        sums.merge(Topic.byName(tp.topic()).orElseThrow(), behind.getAsLong(), Long::sum);
      }
    }
    lag.putAll(sums);
  }

  /** True once every record that existed at start-up has been folded. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Milliseconds since the last successful poll (how fresh the views are). */
  public long millisSinceLastPoll() {
    return lastPollMillis == 0 ? Long.MAX_VALUE : System.currentTimeMillis() - lastPollMillis;
  }

  public String lastError() {
    return lastError;
  }

  private void run() {
    while (running.get()) {
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
        current = consumer;
        if (!running.get()) {
          return;
        }
        List<TopicPartition> partitions = TopicPartitions.of(consumer, TOPICS);
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
          long next = views.nextOffset(tp.topic(), tp.partition());
          if (next < 0) {
            consumer.seekToBeginning(List.of(tp));
          } else {
            consumer.seek(tp, next);
          }
        }
        if (startEnd == null) {
          startEnd = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        }
        lastError = null;
        pollLoop(consumer, partitions);
      } catch (org.apache.kafka.common.errors.WakeupException
          | org.apache.kafka.common.errors.InterruptException e) {
        return;
      } catch (RuntimeException e) {
        lastError = e.toString();
        if (running.get()) {
          LOG.warn("view consumer failed, retrying in 1 s: {}", e.toString());
          sleep(1000);
        }
      }
    }
  }

  private void pollLoop(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
    while (running.get()) {
      var records = consumer.poll(Duration.ofMillis(200));
      lastPollMillis = System.currentTimeMillis();
      Map<TopicPartition, Long> next = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : records) {
        Topic topic = Topic.byName(r.topic()).orElseThrow();
        if (ownWrite(r)) {
          // This process validated and folded it before answering the request: only the offset
          // moves.
          next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
          continue;
        }
        Validation v = validator.validate(topic, r.value());
        if (v instanceof Validation.Valid valid) {
          try {
            views.apply(topic, valid.event(), r.offset());
            for (Listener l : listeners) {
              l.applied(topic, valid.event());
            }
          } catch (RuntimeException e) {
            // One event that cannot be folded must not stop the views; the dispatch job
            // dead-letters it too.
            LOG.warn(
                "cannot fold {} at {}/{}/{}: {}",
                valid.event().type(),
                r.topic(),
                r.partition(),
                r.offset(),
                e.toString());
          }
        }
        next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
      }
      next.forEach((tp, offset) -> views.storeNextOffset(tp.topic(), tp.partition(), offset));
      recordLag(consumer, partitions);
      checkBarriers(consumer, partitions);
      if (!caughtUp) {
        caughtUp =
            partitions.stream()
                .allMatch(tp -> consumer.position(tp) >= startEnd.getOrDefault(tp, 0L));
        if (caughtUp) {
          LOG.info("views caught up with the log");
        }
      }
    }
  }

  /**
   * Completes once every record committed to {@code topics} at the time of the call has been
   * folded: an answer made of several outputs of one transaction (an emergency's assignment and the
   * moves it caused) waits on it after seeing the first, and then has them all. Only the topics
   * named count, so a busy topic the answer does not read (ETAs under heavy telemetry) cannot delay
   * it.
   */
  public CompletableFuture<Void> readThroughNow(Set<Topic> topics) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    barrierRequests.add(new BarrierRequest(topics, done));
    return done;
  }

  private void checkBarriers(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> all) {
    if (!barrierRequests.isEmpty()) {
      // A read-committed consumer's end offsets are the last stable offsets: committed data only.
      Map<TopicPartition, Long> ends = consumer.endOffsets(all, Duration.ofSeconds(10));
      for (BarrierRequest r; (r = barrierRequests.poll()) != null; ) {
        Set<String> names =
            r.topics().stream().map(Topic::topicName).collect(java.util.stream.Collectors.toSet());
        Map<TopicPartition, Long> target = new HashMap<>();
        ends.forEach(
            (tp, end) -> {
              if (names.contains(tp.topic())) {
                target.put(tp, end);
              }
            });
        barriers.add(new Barrier(target, r.done()));
      }
    }
    barriers.removeIf(
        b -> {
          boolean reached =
              b.target().entrySet().stream()
                  .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
          if (reached) {
            b.done().complete(null);
          }
          return reached;
        });
  }

  private record BarrierRequest(Set<Topic> topics, CompletableFuture<Void> done) {}

  private record Barrier(Map<TopicPartition, Long> target, CompletableFuture<Void> done) {}

  private boolean ownWrite(ConsumerRecord<String, byte[]> r) {
    var header =
        r.headers().lastHeader(io.fleetstream.bridge.internal.kafka.EventWriter.ORIGIN_HEADER);
    return header != null && java.util.Arrays.equals(header.value(), origin);
  }

  private Properties consumerProperties() {
    Properties p = KafkaClientSettings.assignedReadCommittedConsumer(bootstrapServers);
    // Wait for a few records per fetch (or 50 ms): under write load the consumer mostly reads this
    // bridge's own writes back just to move its offsets, and one fetch per record cost the bridge
    // and
    // the broker more CPU than the writes themselves. Other writers' events reach the views within
    // 50 ms.
    p.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    p.setProperty(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(16 * 1024));
    p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "fleetstream-bridge-views");
    return p;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running.set(false);
    KafkaConsumer<String, byte[]> c = current;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
