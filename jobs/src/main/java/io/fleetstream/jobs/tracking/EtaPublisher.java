package io.fleetstream.jobs.tracking;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.state.DriverRoute;
import io.fleetstream.schemas.state.RouteStop;
import io.fleetstream.schemas.state.TrackedDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.util.Collector;

/**
 * The driver tracker's ETAs: each open stop's arrival is published when it first becomes known and
 * again when it moves by more than the threshold; what was published is kept per stop (in the
 * driver's heap state and in Flink state, for a restore).
 */
final class EtaPublisher {

  private final long thresholdMs;
  private final EtaCalculator etas;
  private final MapState<String, Long> published;

  EtaPublisher(Duration threshold, EtaCalculator etas, MapState<String, Long> published) {
    this.thresholdMs = threshold.toMillis();
    this.etas = etas;
    this.published = published;
  }

  /** Forgets the published ETAs of stops the new route no longer has. */
  void forgetStopsOffRoute(HeldDriver h, DriverRoute newRoute) throws Exception {
    Set<String> onRoute = new HashSet<>();
    newRoute.stops().forEach(s -> onRoute.add(s.jobId()));
    Iterator<String> it = h.etas.keySet().iterator();
    while (it.hasNext()) {
      String jobId = it.next();
      if (!onRoute.contains(jobId)) {
        published.remove(jobId);
        it.remove();
      }
    }
  }

  /** Publishes the ETAs of the driver's route, from their position, that moved enough. */
  void publish(
      HeldDriver h,
      String tenant,
      String driverId,
      TrackedDriver d,
      String cause,
      Collector<CloudEvent> out,
      Instant now)
      throws Exception {
    DriverRoute current = h.route;
    if (current == null || current.stops().isEmpty()) {
      return;
    }
    if (h.times == null) {
      h.times = etas.route(current.stops());
    }
    EtaCalculator.FirstLeg first = h.times.first(GeoPoint.of(d.lat(), d.lng()), d.lastPingAt());
    long firstArrival = first.arrival().toEpochMilli();
    if (firstArrival >= h.quietFrom && firstArrival <= h.quietTo) {
      return; // every ETA is within the threshold of the one published: most pings end here
    }
    for (int i = 0; i < current.stops().size(); i++) {
      EtaCalculator.StopEta eta = h.times.eta(i, first);
      RouteStop stop = eta.stop();
      if (stop.pickup()) {
        continue; // the drive there counts; the job's ETA is its delivery's
      }
      Long previous = h.etas.get(stop.jobId());
      long arrival = eta.arrival().toEpochMilli();
      if (previous != null && Math.abs(arrival - previous) <= thresholdMs) {
        continue;
      }
      published.put(stop.jobId(), arrival);
      h.etas.put(stop.jobId(), arrival);
      out.collect(
          TrackerEvents.eta(tenant, driverId, eta, etas.metric(), d.lastPingAt(), cause, now));
    }
    h.updateQuietWindow(thresholdMs);
  }
}
