package io.fleetstream.connectors.kafka;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads contract events from output topics with read_committed isolation, as an analyst's or an
 * integration's consumer would: only committed, exactly-once output is visible.
 */
public final class EventConsumer implements AutoCloseable {

  /** One record read: the event, or why it failed validation (an output bug worth seeing). */
  public record Consumed(
      String topic, String key, long offset, CloudEvent event, String invalidReason) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final EventValidator validator = EventValidator.create();
  private final List<String> topicNames;

  /** A consumer in a fresh group that starts at the beginning of each topic. */
  public EventConsumer(String bootstrapServers, Topic... topics) {
    this(bootstrapServers, "fleetstream-reader-" + UUID.randomUUID(), topics);
  }

  public EventConsumer(String bootstrapServers, String groupId, Topic... topics) {
    this(KafkaClientSettings.readCommittedConsumer(bootstrapServers, groupId), topics);
  }

  private EventConsumer(Properties settings, Topic... topics) {
    this.consumer = new KafkaConsumer<>(settings);
    this.topicNames = Arrays.stream(topics).map(Topic::topicName).toList();
    consumer.subscribe(topicNames);
  }

  /**
   * A consumer in a fresh group that reads only what is written from now on: it returns once the
   * broker has given it its partitions, so nothing written after this call is missed. For a reader
   * that follows one run among the many a long-lived stack's topics already hold.
   */
  public static EventConsumer fromNow(String bootstrapServers, Duration timeout, Topic... topics) {
    Properties settings =
        KafkaClientSettings.readCommittedConsumer(
            bootstrapServers, "fleetstream-reader-" + UUID.randomUUID());
    settings.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    EventConsumer c = new EventConsumer(settings, topics);
    try {
      c.pollUntilAssigned(System.nanoTime() + timeout.toNanos(), timeout);
    } catch (IllegalStateException e) {
      c.close();
      throw e;
    }
    // The position is resolved lazily: fix it now, before anything is written.
    c.consumer.assignment().forEach(c.consumer::position);
    return c;
  }

  /** Polls once, validating every record against its topic's schema. */
  public List<Consumed> poll(Duration timeout) {
    List<Consumed> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      Topic topic = Topic.byName(r.topic()).orElseThrow();
      Validation v = validator.validate(topic, r.value());
      if (v instanceof Validation.Valid valid) {
        out.add(new Consumed(r.topic(), r.key(), r.offset(), valid.event(), null));
      } else {
        out.add(
            new Consumed(
                r.topic(),
                r.key(),
                r.offset(),
                null,
                ((Validation.Invalid) v).rejection().toString()));
      }
    }
    return out;
  }

  /**
   * Reads everything committed so far: polls until this consumer's position reaches, on every
   * partition, the end offset it had when the partitions were assigned (with read_committed, the
   * last stable offset). Exact where a time-boxed read only hopes: it neither stops before the last
   * record nor waits longer than the read takes.
   */
  public List<Consumed> readToEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Consumed> out = pollUntilAssigned(deadline, timeout);
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics not read to their end within " + timeout);
      }
      out.addAll(poll(Duration.ofMillis(100)));
    }
    return out;
  }

  /**
   * Polls until the group has given this consumer its partitions; returns what those polls read.
   */
  private List<Consumed> pollUntilAssigned(long deadline, Duration timeout) {
    // A group may hand its partitions over in steps: wait for every partition of every topic, or a
    // read "to the end" would end at the end of the first few.
    int partitions = 0;
    for (String topic : topicNames) {
      partitions += consumer.partitionsFor(topic, timeout).size();
    }
    List<Consumed> out = new ArrayList<>();
    while (consumer.assignment().isEmpty() || consumer.assignment().size() < partitions) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            consumer.assignment().size()
                + " of "
                + partitions
                + " partitions assigned within "
                + timeout);
      }
      out.addAll(poll(Duration.ofMillis(100)));
    }
    return out;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
