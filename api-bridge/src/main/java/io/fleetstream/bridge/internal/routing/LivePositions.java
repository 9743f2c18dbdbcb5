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
import java.util.Set;
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
 * the partitions of its drivers' keys from a bounded time back to their committed end and keeps the
 * latest state of each. What is not found in time is simply not known (the caller falls back).
 */
final class LivePositions {

  private static final Logger LOG = LoggerFactory.getLogger(LivePositions.class);

  private final String bootstrap;
  private final Duration lookBack;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param lookBack how old a position may be and still count (the read starts there)
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
    Map<String, String> wanted =
        driverIds.stream()
            .collect(Collectors.toMap(id -> tenant + "/" + id, id -> id, (a, b) -> a));
    Instant deadline = clock.instant().plus(timeout);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties())) {
      String topic = Topic.DRIVER_STATE.topicName();
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        return found;
      }
      // The producer's default partitioner: murmur2 of the key, as Kafka places keyed records.
      Set<TopicPartition> partitions =
          wanted.keySet().stream()
              .map(
                  key ->
                      new TopicPartition(
                          topic,
                          Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
                              % infos.size()))
              .collect(Collectors.toSet());
      consumer.assign(partitions);
      long from = clock.millis() - lookBack.toMillis();
      Map<TopicPartition, OffsetAndTimestamp> starts =
          consumer.offsetsForTimes(
              partitions.stream().collect(Collectors.toMap(p -> p, p -> from)), timeout);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp start = starts.get(p);
        consumer.seek(p, start == null ? ends.get(p) : start.offset());
      }
      while (!caughtUp(consumer, ends) && clock.instant().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          String driverId = wanted.get(r.key());
          if (driverId != null && state(r.value()) instanceof DriverStateData state) {
            found.put(driverId, state);
          }
        }
      }
    } catch (RuntimeException e) {
      // Kafka unreachable or slow: no live positions, the booked starts are used.
      LOG.warn("live positions of {} drivers not read: {}", driverIds.size(), e.toString());
    }
    return found;
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

  private static boolean caughtUp(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private Properties properties() {
    Properties p = KafkaClientSettings.readCommittedConsumer(bootstrap, "unused");
    // Assigned, not subscribed: no group, nothing committed.
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "fleetstream-bridge-live-positions");
    return p;
  }
}
