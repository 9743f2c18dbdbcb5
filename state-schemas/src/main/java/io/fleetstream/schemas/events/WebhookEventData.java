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

  /** What the dispatch job notifies subscribers of. */
  public static final Set<String> DISPATCH_EVENT_NAMES =
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

  /** What the delivery functions say when they turn an endpoint off (410, sustained failure). */
  public static final String ENDPOINT_DISABLED = "endpoint.disabled";

  /**
   * Every event name the system produces, and so every name an endpoint can subscribe to (besides
   * {@code *}): the bridge's endpoint validation uses this one list.
   */
  public static final Set<String> EVENT_NAMES = union(DISPATCH_EVENT_NAMES, ENDPOINT_DISABLED);

  private static Set<String> union(Set<String> names, String more) {
    java.util.Set<String> all = new java.util.HashSet<>(names);
    all.add(more);
    return Set.copyOf(all);
  }

  public WebhookEventData {
    data = data == null ? Map.of() : Map.copyOf(data);
  }
}
