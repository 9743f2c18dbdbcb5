package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;

/**
 * A subscriber asked for one past webhook event to be delivered again to one endpoint. It carries
 * the event as it was first delivered, so the delivery functions rebuild the identical body: the
 * same {@code id} (the receiver's dedupe key), name, time and data.
 *
 * @param endpointId the one endpoint to deliver to (whatever it subscribes to now)
 * @param eventId the original webhook event's id, the body's {@code id}
 * @param occurredAt the body's {@code created_at}
 * @param requestedAt when the replay was asked for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookReplayData(
    String endpointId,
    String eventId,
    String event,
    Map<String, Object> data,
    String sourceEventId,
    Instant occurredAt,
    Instant requestedAt)
    implements EventData {

  public WebhookReplayData {
    data = data == null ? Map.of() : Map.copyOf(data);
  }
}
