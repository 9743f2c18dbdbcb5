package io.fleetstream.jobs.tracking;

import io.fleetstream.jobs.internal.ids.EventIds;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.state.DriverRoute;
import io.fleetstream.schemas.state.RouteStop;
import io.fleetstream.schemas.state.TrackedDriver;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The events the driver tracker publishes. Ids derive from the input that caused them, so a replay
 * after a restore yields the same ids and consumers that dedupe by id see each once.
 */
final class TrackerEvents {

  static final String SOURCE = "/fleetstream/dispatch-job";

  private TrackerEvents() {}

  /** A driver's state: where they are, whether they are reachable, and their next stop. */
  static CloudEvent state(
      DriverRoute route,
      String tenant,
      String driverId,
      TrackedDriver d,
      String cause,
      Instant now) {
    String next = route == null || route.stops().isEmpty() ? null : route.stops().get(0).jobId();
    Double heading =
        d.headingDeg() != null && d.headingDeg() >= 0 && d.headingDeg() < 360
            ? d.headingDeg()
            : null;
    DriverStateData data =
        new DriverStateData(
            driverId,
            d.status(),
            d.lat(),
            d.lng(),
            d.speedMps(),
            heading,
            d.lastPingAt(),
            d.outOfOrderPings(),
            next,
            now);
    return event(
        EventIds.derived(cause, driverId, d.status()),
        EventType.DRIVER_STATE_UPDATED,
        tenant,
        driverId,
        now,
        data);
  }

  /** A stop's arrival estimate, to the second. */
  static CloudEvent eta(
      String tenant,
      String driverId,
      EtaCalculator.StopEta eta,
      String metric,
      Instant lastPingAt,
      String cause,
      Instant now) {
    RouteStop stop = eta.stop();
    EtaData data =
        new EtaData(
            stop.jobId(),
            driverId,
            eta.index(),
            eta.arrival().truncatedTo(ChronoUnit.SECONDS),
            eta.finish().truncatedTo(ChronoUnit.SECONDS),
            stop.windowEnd(),
            Math.round(eta.distanceRemainingM() * 10) / 10.0,
            metric,
            lastPingAt,
            now);
    return event(
        EventIds.derived(cause, stop.jobId(), "eta"),
        EventType.ETA_UPDATED,
        tenant,
        stop.jobId(),
        now,
        data);
  }

  private static CloudEvent event(
      String id, EventType type, String tenant, String subject, Instant now, EventData data) {
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        id,
        SOURCE,
        type.type(),
        subject,
        now,
        CloudEvent.CONTENT_TYPE,
        tenant,
        subject,
        data);
  }
}
