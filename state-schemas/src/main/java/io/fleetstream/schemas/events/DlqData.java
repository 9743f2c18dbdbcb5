package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.json.Rejection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * An input record that was rejected, kept whole so nothing accepted by Kafka is ever lost.
 *
 * @param errorCode a stable code from {@code io.fleetstream.schemas.json.ErrorCode}
 * @param errorPath JSON Pointer to the offending field ("" for the whole record)
 * @param originalBase64 the exact bytes of the rejected record value, base64-encoded
 * @param sourceKey the original Kafka key as UTF-8 text, when there was one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DlqData(
    String sourceTopic,
    Integer sourcePartition,
    Long sourceOffset,
    String sourceKey,
    String errorCode,
    String errorPath,
    String errorMessage,
    String originalBase64,
    Instant rejectedAt,
    String rejectedBy)
    implements EventData {

  /**
   * The DLQ event for a rejected record: keyed by its source topic (a broken record's claim to a
   * tenant is only kept when the caller could check it), the original bytes kept whole.
   */
  public static CloudEvent event(
      String id,
      String source,
      String topic,
      Integer partition,
      Long offset,
      String key,
      byte[] value,
      String tenant,
      Rejection rejection,
      String rejectedBy) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    DlqData data =
        new DlqData(
            topic,
            partition,
            offset,
            key,
            rejection.code().name(),
            rejection.path(),
            rejection.message(),
            Base64.getEncoder().encodeToString(value),
            now,
            rejectedBy);
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        id,
        source,
        EventType.DLQ_REJECTED.type(),
        topic,
        now,
        CloudEvent.CONTENT_TYPE,
        tenant,
        topic,
        data);
  }
}
