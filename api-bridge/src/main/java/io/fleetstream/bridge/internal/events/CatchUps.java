package io.fleetstream.bridge.internal.events;

import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readers that bring a resuming client from its {@code Last-Event-ID} to where the hub was when
 * it subscribed: one short-lived consumer per client, over the partitions it is behind on, handing
 * it its own events (and a {@code gap} notice first when the log no longer holds some of them).
 */
final class CatchUps {

  private static final Logger LOG = LoggerFactory.getLogger(CatchUps.class);

  private final Supplier<Properties> consumerProperties;
  private final EventLines lines;
  private final Duration wait;
  private final AtomicInteger started = new AtomicInteger();

  /**
   * @param wait how long a client's queue may stay full before its stream is ended
   */
  CatchUps(Supplier<Properties> consumerProperties, EventLines lines, Duration wait) {
    this.consumerProperties = consumerProperties;
    this.lines = lines;
    this.wait = wait;
  }

  /** Starts the catch-up of {@code s} from {@code from} to {@code until} on a thread of its own. */
  void start(Subscriber s, StreamPosition from, StreamPosition until) {
    Thread t =
        new Thread(
            () -> catchUp(s, from, until),
            "fleetstream-bridge-events-catchup-" + started.incrementAndGet());
    t.setDaemon(true);
    t.start();
  }

  /**
   * Reads, for one resuming client, every partition from its position up to the hub's position at
   * subscription, handing it the events meant for it, then lets it take live events.
   */
  private void catchUp(Subscriber s, StreamPosition from, StreamPosition until) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties.get())) {
      List<TopicPartition> behind = new ArrayList<>();
      for (TopicPartition tp : until.asMap().keySet()) {
        if (from.next(tp) < until.next(tp)) {
          behind.add(tp);
        }
      }
      Map<TopicPartition, Long> at = new HashMap<>(from.asMap());
      consumer.assign(behind);
      for (TopicPartition tp : behind) {
        consumer.seek(tp, from.next(tp));
      }
      if (!behind.isEmpty() && !reportGap(s, consumer, behind, at)) {
        return;
      }
      while (!behind.isEmpty() && !s.ended()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() >= until.next(tp)) {
            continue;
          }
          at.put(tp, r.offset() + 1);
          if (!s.tenant().equals(EventHub.tenantOf(r.key()))) {
            continue;
          }
          Topic topic = Topic.byName(r.topic()).orElseThrow();
          EventCategory category = EventCategory.of(topic).orElseThrow();
          if (!s.wants(category)) {
            continue;
          }
          String data = lines.of(topic, r.value());
          if (data != null && !s.caughtUpEvent(category, data, StreamPosition.of(at), wait)) {
            return;
          }
        }
        // A partition is done once the reader is past the hub's position there (transaction
        // markers take offsets too, so the last record can sit below it).
        behind.removeIf(
            tp -> {
              if (consumer.position(tp) >= until.next(tp)) {
                at.merge(tp, until.next(tp), Math::max);
                return true;
              }
              return false;
            });
        if (!behind.isEmpty()) {
          consumer.assign(behind);
        }
      }
      if (!s.ended()) {
        s.caughtUp(StreamPosition.of(at));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.end("interrupted while catching up");
    } catch (RuntimeException e) {
      LOG.warn("catching up an event stream failed: {}", e.toString());
      s.end("catching up failed: " + e);
    }
  }

  /**
   * Where the client's position is older than what a partition still holds (the topic's retention
   * deleted it), the events in between are gone: the client hears so first, as a {@code gap} event
   * naming each such partition and the offsets it resumes from, instead of a silent jump.
   */
  private boolean reportGap(
      Subscriber s,
      KafkaConsumer<String, byte[]> consumer,
      List<TopicPartition> behind,
      Map<TopicPartition, Long> at)
      throws InterruptedException {
    Map<TopicPartition, Long> starts = consumer.beginningOffsets(behind, Duration.ofSeconds(10));
    List<Map<String, Object>> lost = new ArrayList<>();
    for (TopicPartition tp : behind) {
      long start = starts.getOrDefault(tp, 0L);
      if (at.getOrDefault(tp, 0L) < start) {
        lost.add(
            Map.of(
                "topic", tp.topic(),
                "partition", tp.partition(),
                "from_offset", at.getOrDefault(tp, 0L),
                "resumed_offset", start));
        at.put(tp, start);
        consumer.seek(tp, start);
      }
    }
    if (lost.isEmpty()) {
      return true;
    }
    String data =
        EventLines.notice(
            Map.of(
                "message",
                "events after Last-Event-ID are no longer in the log (its retention deleted"
                    + " them); some of this account's may be among them: read the current state"
                    + " from the REST API",
                "partitions",
                lost));
    return s.notice("gap", data, StreamPosition.of(at), wait);
  }
}
