package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

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
    implements EventData {}
