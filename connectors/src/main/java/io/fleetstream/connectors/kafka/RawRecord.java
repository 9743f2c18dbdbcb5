package io.fleetstream.connectors.kafka;

import java.nio.charset.StandardCharsets;

/**
 * A Kafka record exactly as it was read: nothing parsed yet, so a record that fails validation can
 * be sent to the dead-letter topic byte for byte.
 */
public record RawRecord(
    String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {

  /** The key as UTF-8 text, or null when the record had none. */
  public String keyAsString() {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }
}
