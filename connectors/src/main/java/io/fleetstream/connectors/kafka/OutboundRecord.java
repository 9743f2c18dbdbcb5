package io.fleetstream.connectors.kafka;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.json.EventJson;
import java.nio.charset.StandardCharsets;

/** A record ready for Kafka: its topic, key and serialized value. */
public record OutboundRecord(String topic, byte[] key, byte[] value) {

  /** The event on its topic, keyed {@code tenant/partitionkey}. */
  public static OutboundRecord of(CloudEvent event) {
    return new OutboundRecord(
        event.eventType().topic().topicName(),
        event.kafkaKey().getBytes(StandardCharsets.UTF_8),
        EventJson.toBytes(event));
  }
}
