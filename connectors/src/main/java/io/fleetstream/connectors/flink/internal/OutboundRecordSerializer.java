package io.fleetstream.connectors.flink.internal;

import io.fleetstream.connectors.kafka.OutboundRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an already-serialized record to the topic it names, stamped with the time it is written.
 *
 * <p>Not with the Flink element's timestamp: an output fired by an event-time timer carries the
 * timer's time (an SLA breach at a window end months past, in a replay or in tests with old
 * windows), and the topic's time-based retention then deletes it at its next check — consumers that
 * had not read it yet, and streams resuming from the log, lost it.
 */
public final class OutboundRecordSerializer
    implements KafkaRecordSerializationSchema<OutboundRecord> {

  private static final long serialVersionUID = 1L;

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      OutboundRecord element, KafkaSinkContext context, Long timestamp) {
    // A null timestamp makes the producer stamp the record with the current time.
    return new ProducerRecord<>(element.topic(), null, null, element.key(), element.value());
  }
}
