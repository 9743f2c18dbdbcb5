package io.fleetstream.connectors.kafka;

import io.fleetstream.schemas.CloudEvent;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes contract events to their topics, validated, keyed {@code tenant/partitionkey}, idempotently. */
public final class EventProducer implements AutoCloseable {

  private final KafkaProducer<String, CloudEvent> producer;

  public EventProducer(String bootstrapServers) {
    this.producer = new KafkaProducer<>(KafkaClientSettings.producer(bootstrapServers),
        new StringSerializer(), new CloudEventSerializer());
  }

  /** Sends the event to the topic its type belongs on. */
  public Future<RecordMetadata> send(CloudEvent event) {
    return producer.send(new ProducerRecord<>(event.eventType().topic().topicName(), event.kafkaKey(), event));
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
