package io.fleetstream.connectors.kafka;

import io.fleetstream.schemas.CloudEvent;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes contract events to their topics, validated, keyed {@code tenant/partitionkey},
 * idempotently. A send that fails (say the topic's metadata did not arrive within {@code
 * max.block.ms}) fails the next {@link #flush()}: a silently dropped send once showed up only as a
 * test waiting for outputs.
 */
public final class EventProducer implements AutoCloseable {

  private final KafkaProducer<String, CloudEvent> producer;
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

  public EventProducer(String bootstrapServers) {
    this.producer =
        new KafkaProducer<>(
            KafkaClientSettings.producer(bootstrapServers),
            new StringSerializer(),
            new ValidatingEventSerializer());
  }

  /** Sends the event to the topic its type belongs on. */
  public Future<RecordMetadata> send(CloudEvent event) {
    return producer.send(
        new ProducerRecord<>(event.eventType().topic().topicName(), event.kafkaKey(), event),
        (metadata, failure) -> {
          if (failure != null) {
            firstFailure.compareAndSet(null, failure);
          }
        });
  }

  /** Waits until every send so far is acknowledged; throws if any of them failed. */
  public void flush() {
    producer.flush();
    Exception failure = firstFailure.getAndSet(null);
    if (failure != null) {
      throw new IllegalStateException("an event could not be sent: " + failure, failure);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
