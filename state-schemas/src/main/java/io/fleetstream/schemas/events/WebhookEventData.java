package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A domain event for webhook subscribers, in the shape they receive: {@code {"event":
 * "job.assigned", "data": {...}}}.
 *
 * @param event the subscriber-facing name, e.g. {@code job.assigned}, {@code sla.at_risk}
 * @param sourceEventId the id of the event this notification reports, for de-duplication
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookEventData(
    String event, Map<String, Object> data, String sourceEventId, Instant occurredAt)
    implements EventData {

  /**
   * Every event name the system produces, and so every name an endpoint can subscribe to (besides
   * {@code *}): the dispatch job's notifier and the bridge's endpoint validation both use this one
   * list.
   */
  public static final Set<String> EVENT_NAMES =
      Set.of(
          "job.assigned",
          "job.unassigned",
          "job.started",
          "job.completed",
          "job.failed",
          "job.cancelled",
          "optimization.completed",
          "sla.at_risk",
          "sla.breached",
          "sla.recovered");

  public WebhookEventData {
    data = data == null ? Map.of() : Map.copyOf(data);
  }
}
