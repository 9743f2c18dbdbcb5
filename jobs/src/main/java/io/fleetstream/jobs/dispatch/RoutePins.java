package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The jobs of a route no plan moves: started ones (the driver is on site), locked ones (a
 * dispatcher's word), and the one the driver is driving to — the first of the route while they are
 * not on a job. Taking that one away turns the driver around and throws away the driving done:
 * {@code bench online} saw 44 such turnarounds in three 30-job days, all from re-optimizations.
 */
final class RoutePins {

  private RoutePins() {}

  /** Whether {@code job}, at {@code position} among the route's jobs, stays where it is. */
  static boolean fixed(JobState job, int position) {
    return job.status() == JobStatus.STARTED
        || job.locked()
        || (position == 0 && job.status() == JobStatus.ASSIGNED);
  }

  /** The driver's fixed jobs, in route order. */
  static List<String> of(DriverState driver, Function<String, Optional<JobState>> jobs) {
    List<String> pinned = new ArrayList<>();
    int position = 0;
    for (String id : driver.jobIds()) {
      Optional<JobState> job = jobs.apply(id);
      if (job.isEmpty()) {
        continue;
      }
      if (fixed(job.get(), position++)) {
        pinned.add(id);
      }
    }
    return pinned;
  }

  /** Whether {@code job} is fixed on the route of the driver who holds it. */
  static boolean fixed(JobState job, ZoneState zone) {
    if (job.status() == JobStatus.STARTED || job.locked()) {
      return true;
    }
    return job.driverId() != null
        && zone.driver(job.driverId())
            .map(d -> of(d, zone::job).contains(job.job().jobId()))
            .orElse(false);
  }
}
