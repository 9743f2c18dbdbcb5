package io.fleetstream.schemas.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.EventData;
import java.io.IOException;
import java.time.Instant;

/** Binds {@code data} to the record that the envelope's {@code type} names. */
public final class CloudEventDeserializer extends StdDeserializer<CloudEvent> {

  public CloudEventDeserializer() {
    super(CloudEvent.class);
  }

  @Override
  public CloudEvent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonNode node = ctxt.readTree(p);
    String type = text(node, "type");
    EventType eventType = EventType.of(type).orElse(null);
    if (eventType == null) {
      return ctxt.reportInputMismatch(CloudEvent.class, "unknown event type '%s'", type);
    }
    JsonNode dataNode = node.get("data");
    if (dataNode == null || dataNode.isNull()) {
      return ctxt.reportInputMismatch(CloudEvent.class, "event %s has no data", type);
    }
    EventData data = ctxt.readTreeAsValue(dataNode, eventType.dataClass());
    JsonNode time = node.get("time");
    return new CloudEvent(
        text(node, "specversion"),
        text(node, "id"),
        text(node, "source"),
        type,
        text(node, "subject"),
        time == null || time.isNull() ? null : ctxt.readTreeAsValue(time, Instant.class),
        text(node, "datacontenttype"),
        text(node, "tenant"),
        text(node, "partitionkey"),
        data);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
