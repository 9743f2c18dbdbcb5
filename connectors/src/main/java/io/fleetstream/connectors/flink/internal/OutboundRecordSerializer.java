package io.fleetstream.connectors.flink.internal;

import io.fleetstream.connectors.kafka.OutboundRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes an already-serialized record to the topic it names. */
public final class OutboundRecordSerializer
    implements KafkaRecordSerializationSchema<OutboundRecord> {

  private static final long serialVersionUID = 1L;

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      OutboundRecord element, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(element.topic(), null, timestamp, element.key(), element.value());
  }
}
