package io.fleetstream.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.json.CloudEventDeserializer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 structured-mode JSON event with Fleetstream's two extension attributes: {@code
 * tenant} (the account that owns it) and {@code partitionkey} (what orders it on Kafka). The {@code
 * id} is the de-duplication key end to end.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "specversion",
  "id",
  "source",
  "type",
  "subject",
  "time",
  "datacontenttype",
  "tenant",
  "partitionkey",
  "data"
})
@JsonDeserialize(using = CloudEventDeserializer.class)
public record CloudEvent(
    String specversion,
    String id,
    String source,
    String type,
    String subject,
    Instant time,
    String datacontenttype,
    String tenant,
    String partitionkey,
    EventData data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE = "application/json";

  public CloudEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }

  /**
   * A new event with a fresh random id, the current time (millisecond precision, so it survives a
   * JSON round trip unchanged) and the subject set to the partition key.
   */
  public static CloudEvent create(
      EventType type, String source, String tenant, String partitionkey, EventData data) {
    return new CloudEvent(
        SPEC_VERSION,
        "evt_" + UUID.randomUUID().toString().replace("-", ""),
        source,
        type.type(),
        partitionkey,
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        CONTENT_TYPE,
        tenant,
        partitionkey,
        data);
  }

  /** The Kafka record key of this event: {@code tenant/partitionkey}. */
  @JsonIgnore
  public String kafkaKey() {
    return tenant + "/" + partitionkey;
  }

  /** The typed event type; present for every event that passed validation. */
  @JsonIgnore
  public EventType eventType() {
    return EventType.of(type)
        .orElseThrow(() -> new IllegalStateException("unknown event type " + type));
  }

  /** The data cast to the record the caller expects for this type. */
  public <T extends EventData> T data(Class<T> expected) {
    return expected.cast(data);
  }
}
