package io.fleetstream.bridge.internal.views;

import io.fleetstream.schemas.events.AuditDecisionData;
import java.time.Instant;

/**
 * One decision of the dispatch job as the audit topic recorded it.
 *
 * @param cursor where it sorts: its decision time and id, also the list cursor after it
 */
public record DecisionView(String cursor, AuditDecisionData decision) {

  /** {@code <epoch millis, 19 digits>_<decision id without separators>}: sorts by time. */
  static String cursorOf(Instant at, String decisionEventId) {
    String id = decisionEventId == null ? "" : decisionEventId.replaceAll("[^A-Za-z0-9]", "");
    return String.format("%019d_%s", at.toEpochMilli(), id);
  }
}
