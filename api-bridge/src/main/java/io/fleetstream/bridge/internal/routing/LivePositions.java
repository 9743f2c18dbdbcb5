package io.fleetstream.bridge.internal.routing;

import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where some drivers are now, read on demand from the tracker's output ({@code
 * fleetstream.driver_state.v1}): the bridge's views do not fold that topic (a whole fleet's pings
 * would load every bridge for the few requests that need a position), so a request that does reads
 * the partitions of its drivers' keys backwards from their committed end, at most a look-back into
 * the past, and keeps the latest state of each. What is not found in time is not known (the caller
 * falls back to what it had).
 */
final class LivePositions {

  private static final Logger LOG = LoggerFactory.getLogger(LivePositions.class);

  /**
   * Records in the first window read back from a partition's end (then twice as many each time).
   */
  private static final long FIRST_WINDOW = 2_000;

  private final String bootstrap;
  private final Duration lookBack;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param lookBack how old a position may be and still count (the read stops there)
   * @param timeout the most one lookup reads for
   */
  LivePositions(String bootstrap, Duration lookBack, Duration timeout, Clock clock) {
    this.bootstrap = bootstrap;
    this.lookBack = lookBack;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** The latest state of each of {@code driverIds} reported within the look-back; none may be. */
  Map<String, DriverStateData> latest(String tenant, Collection<String> driverIds) {
    Map<String, DriverStateData> found = new HashMap<>();
    if (driverIds.isEmpty()) {
      return found;
    }
    Instant deadline = clock.instant().plus(timeout);
    String topic = Topic.DRIVER_STATE.topicName();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        return found;
      }
      // Record key → driver, per partition: the producer's default placement (murmur2 of the key).
      Map<TopicPartition, Map<String, String>> wanted = new HashMap<>();
      for (String id : driverIds) {
        String key = tenant + "/" + id;
        int partition =
            Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % infos.size();
        wanted
            .computeIfAbsent(new TopicPartition(topic, partition), p -> new HashMap<>())
            .put(key, id);
      }
      long from = clock.millis() - lookBack.toMillis();
      Map<TopicPartition, OffsetAndTimestamp> starts =
          consumer.offsetsForTimes(
              wanted.keySet().stream().collect(Collectors.toMap(p -> p, p -> from)), timeout);
      Map<TopicPartition, Long> ends = consumer.endOffsets(wanted.keySet(), timeout);
      for (Map.Entry<TopicPartition, Map<String, String>> w : wanted.entrySet()) {
        TopicPartition p = w.getKey();
        OffsetAndTimestamp start = starts.get(p);
        long end = ends.get(p);
        readBackwards(
            consumer, p, start == null ? end : start.offset(), end, w.getValue(), found, deadline);
      }
    } catch (RuntimeException e) {
      // Kafka unreachable or slow: no live positions, the caller keeps what it had.
      LOG.warn("live positions of {} drivers not read: {}", driverIds.size(), e.toString());
    }
    return found;
  }

  /**
   * Reads {@code p} in windows from its end back to {@code floor}, each twice the one before, until
   * every wanted driver of the partition is found. A later window holds only newer records than an
   * earlier one, so a driver found is at their latest position even when the deadline stops the
   * read before the floor: on a busy topic the newest pings are read first.
   */
  private void readBackwards(
      KafkaConsumer<String, byte[]> consumer,
      TopicPartition p,
      long floor,
      long end,
      Map<String, String> wanted,
      Map<String, DriverStateData> found,
      Instant deadline) {
    consumer.assign(List.of(p)); // one partition at a time: no fetches from the others
    long hi = end;
    long window = FIRST_WINDOW;
    while (hi > floor && !found.keySet().containsAll(wanted.values()) && before(deadline)) {
      long lo = Math.max(floor, hi - window);
      Map<String, DriverStateData> inWindow = new HashMap<>();
      consumer.seek(p, lo);
      while (consumer.position(p) < hi && before(deadline)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100)).records(p)) {
          String driverId = wanted.get(r.key());
          if (r.offset() < hi
              && driverId != null
              && !found.containsKey(driverId)
              && state(r.value()) instanceof DriverStateData state) {
            inWindow.put(driverId, state); // read in order: the last one is the newest
          }
        }
      }
      found.putAll(inWindow);
      hi = lo;
      window *= 2;
    }
  }

  private boolean before(Instant deadline) {
    return clock.instant().isBefore(deadline);
  }

  /** The record's data; null for one that does not parse (it is skipped, not fatal). */
  private static Object state(byte[] value) {
    try {
      CloudEvent event = EventJson.readEvent(value);
      return event.data();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private Properties properties() {
    Properties p = KafkaClientSettings.assignedReadCommittedConsumer(bootstrap);
    p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "fleetstream-bridge-live-positions");
    return p;
  }
}
