package io.fleetstream.connectors.kafka;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

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

  /** A consumer in a fresh group that starts at the beginning of each topic. */
  public EventConsumer(String bootstrapServers, Topic... topics) {
    this(bootstrapServers, "fleetstream-reader-" + UUID.randomUUID(), topics);
  }

  public EventConsumer(String bootstrapServers, String groupId, Topic... topics) {
    this.consumer =
        new KafkaConsumer<>(KafkaClientSettings.readCommittedConsumer(bootstrapServers, groupId));
    consumer.subscribe(Arrays.stream(topics).map(Topic::topicName).toList());
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

  @Override
  public void close() {
    consumer.close();
  }
}
