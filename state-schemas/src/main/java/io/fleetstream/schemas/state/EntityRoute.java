package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;

/**
 * Which zone a job or driver belongs to, and the ids of its latest events (to drop redelivered
 * duplicates).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EntityRoute(String zone, List<String> recentEventIds) {

  /** Enough to catch producer retries and replays of recent events without unbounded state. */
  public static final int REMEMBERED_EVENT_IDS = 32;

  public EntityRoute {
    recentEventIds = recentEventIds == null ? List.of() : List.copyOf(recentEventIds);
  }

  public boolean hasSeen(String eventId) {
    return recentEventIds.contains(eventId);
  }

  public EntityRoute seen(String eventId) {
    List<String> ids = new ArrayList<>(recentEventIds);
    ids.add(eventId);
    if (ids.size() > REMEMBERED_EVENT_IDS) {
      ids.subList(0, ids.size() - REMEMBERED_EVENT_IDS).clear();
    }
    return new EntityRoute(zone, ids);
  }
}
