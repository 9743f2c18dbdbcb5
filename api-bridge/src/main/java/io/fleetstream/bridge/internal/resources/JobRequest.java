package io.fleetstream.bridge.internal.resources;

import io.fleetstream.schemas.events.Load;
import io.fleetstream.schemas.events.PayloadItem;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The body of {@code POST /jobs} and {@code PATCH /jobs/{id}} (as in the seed, plus skills, type
 * and zone).
 */
public record JobRequest(
    String externalId,
    Double dropoffLat,
    Double dropoffLng,
    String dropoffAddress,
    Double serviceMinutes,
    Integer priority,
    OffsetDateTime windowStart,
    OffsetDateTime windowEnd,
    List<String> skills,
    String jobType,
    String zone,
    Double pickupLat,
    Double pickupLng,
    String pickupAddress,
    Double pickupServiceMinutes,
    OffsetDateTime pickupWindowStart,
    OffsetDateTime pickupWindowEnd,
    Load demand,
    List<PayloadItem> payloadItems,
    List<String> tags) {

  /** The request with these coordinates (found on the map for its addresses). */
  JobRequest withCoordinates(Double dLat, Double dLng, Double pLat, Double pLng) {
    return new JobRequest(
        externalId,
        dLat,
        dLng,
        dropoffAddress,
        serviceMinutes,
        priority,
        windowStart,
        windowEnd,
        skills,
        jobType,
        zone,
        pLat,
        pLng,
        pickupAddress,
        pickupServiceMinutes,
        pickupWindowStart,
        pickupWindowEnd,
        demand,
        payloadItems,
        tags);
  }
}
