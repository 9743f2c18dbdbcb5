package io.fleetstream.jobs.dispatch;

import io.fleetstream.jobs.optimize.DriverMapper;
import io.fleetstream.jobs.optimize.LoadDimensions;
import io.fleetstream.jobs.optimize.ProblemMapper;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.scoring.Candidate;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Drivers as the routing module's scorer sees them for a live decision: each with their current
 * route and shift measured from now, in the scorer's seconds and locations.
 */
final class LiveCandidates {

  private LiveCandidates() {}

  /**
   * The driver with their current route, stop by stop (a pair not yet started is two stops); the
   * route's jobs are added to {@code routeJobs}. Started and locked jobs at the route's head stay
   * there.
   */
  static Candidate candidate(
      DriverState d, ZoneState zone, Instant now, ServiceTimes serviceTimes, List<Job> routeJobs) {
    String driverId = d.driver().driverId();
    LiveRoute live = LiveRoute.of(d, zone);
    for (JobState state : live.jobs()) {
      routeJobs.add(
          ProblemMapper.live(
              state.job(),
              serviceTimes.estimate(state.job(), driverId).minutes(),
              now,
              LiveRoute.pickupPending(state)));
    }
    int pinned = 0;
    for (LiveRoute.Stop stop : live.stops()) {
      if (stop.job().status() != JobStatus.STARTED && !stop.job().locked()) {
        break;
      }
      pinned++;
    }
    return new Candidate(driver(d, now), live.refs(), pinned, d.performance());
  }

  static Driver driver(DriverState d, Instant now) {
    Driver.Builder b =
        Driver.builder(d.driver().driverId())
            .start(location(d.location()))
            .skills(d.driver().skills())
            .capacity(LoadDimensions.ALL.capacity(d.driver().vehicle()))
            .openEnd();
    if (d.driver().shift() != null) {
      double start = Math.max(0, seconds(now, d.driver().shift().start()));
      b.shift(start, Math.max(start, seconds(now, d.driver().shift().end())));
    }
    DriverMapper.breaks(b, d.driver().breaks(), now);
    return b.build();
  }

  static Location location(GeoPoint p) {
    return new Location(p.lat(), p.lng());
  }

  static double seconds(Instant origin, OffsetDateTime t) {
    return Duration.between(origin, t.toInstant()).toMillis() / 1000.0;
  }
}
