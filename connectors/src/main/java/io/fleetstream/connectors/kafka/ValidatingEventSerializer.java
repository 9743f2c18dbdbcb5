package io.fleetstream.connectors.kafka;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.json.EventValidator;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer (CloudEvents JSON) that refuses to write an event its topic's schema would
 * reject.
 */
public final class ValidatingEventSerializer implements Serializer<CloudEvent> {

  private final EventValidator validator;

  public ValidatingEventSerializer() {
    this(EventValidator.create());
  }

  public ValidatingEventSerializer(EventValidator validator) {
    this.validator = validator;
  }

  @Override
  public byte[] serialize(String topic, CloudEvent event) {
    if (event == null) {
      return null;
    }
    if (!event.eventType().topic().topicName().equals(topic)) {
      throw new IllegalArgumentException(event.type() + " does not belong on " + topic);
    }
    return validator.serializeChecked(event);
  }
}
