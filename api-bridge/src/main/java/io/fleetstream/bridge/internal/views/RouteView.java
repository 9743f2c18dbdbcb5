package io.fleetstream.bridge.internal.views;

import io.fleetstream.schemas.events.PlanStop;
import java.time.Instant;
import java.util.List;

/** One driver's route of a committed optimization run. */
public record RouteView(
    String tenant,
    String id,
    String runId,
    String driverId,
    List<PlanStop> stops,
    double distanceM,
    double durationS,
    String polyline,
    Instant createdAt) {}
