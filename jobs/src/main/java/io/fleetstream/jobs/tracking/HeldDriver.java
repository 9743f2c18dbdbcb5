package io.fleetstream.jobs.tracking;

import io.fleetstream.schemas.state.DriverRoute;
import io.fleetstream.schemas.state.RouteStop;
import io.fleetstream.schemas.state.TrackedDriver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One driver's tracker state as {@link DriverTracker} holds it on the heap between checkpoints: the
 * Flink state it mirrors, plus what is derived from the route and never written.
 */
final class HeldDriver {
  final String key;
  TrackedDriver driver;

  /** Changed since the last checkpoint: to be written to Flink state (see DriverTracker.flush). */
  boolean dirty;

  /** Processing time of the last applied ping (what silence is measured from). */
  Long lastArrival;

  DriverRoute route;
  Long offlineTimer;
  final Map<String, Long> etas = new HashMap<>();

  /** The route's fixed times (heap only, from the route): a ping moves only the first leg. */
  EtaCalculator.RouteTimes times;

  /**
   * The first-stop arrivals (epoch ms) at which no stop's ETA is more than the threshold away from
   * the one last published for it: a ping landing inside needs no ETA work. Empty ({@code from >
   * to}) until every stop has a published ETA.
   */
  long quietFrom = 1;

  long quietTo = 0;

  HeldDriver(String key) {
    this.key = key;
  }

  void routeChanged() {
    times = null;
    quietFrom = 1;
    quietTo = 0;
  }

  /** All ETAs of a route move together, so the window is where every stop's own window overlaps. */
  void updateQuietWindow(long threshold) {
    long from = Long.MIN_VALUE;
    long to = Long.MAX_VALUE;
    List<RouteStop> stops = times.stops();
    for (int i = 0; i < stops.size(); i++) {
      Long published = etas.get(stops.get(i).jobId());
      if (published == null) {
        quietFrom = 1;
        quietTo = 0;
        return;
      }
      long firstArrival = published - times.afterFirstMs(i);
      from = Math.max(from, firstArrival - threshold);
      to = Math.min(to, firstArrival + threshold);
    }
    quietFrom = from;
    quietTo = to;
  }
}
