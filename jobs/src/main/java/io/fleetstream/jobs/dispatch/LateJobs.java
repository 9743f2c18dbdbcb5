package io.fleetstream.jobs.dispatch;

import io.fleetstream.routing.matrix.MatrixCells;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.matrix.SparseMatrixProvider;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/** Which of a driver's jobs a position makes late: what the planner asks when a driver moves. */
final class LateJobs {

  private LateJobs() {}

  /**
   * The driver's open jobs that leaving {@code from} at {@code at} reaches after their last window
   * ends (driving the route in order, waiting for windows to open, serving each job), in route
   * order. A job in progress is being served where the driver is.
   *
   * <p>Only a stop with a window can be late, so the route is driven up to its last such stop and
   * no further, and a route without windows is not driven at all: the planner asks this at every
   * sampled position of every driver with jobs, and at 100,000 drivers the road legs from each new
   * position were a third of the planner's JFR samples.
   */
  static Set<String> of(
      MatrixProvider matrices,
      DriverState d,
      GeoPoint from,
      Instant at,
      ZoneState zone,
      ServiceTimes serviceTimes) {
    List<LiveRoute.Stop> stops = LiveRoute.of(d, zone).stops();
    int lastWindowed = stops.size() - 1;
    while (lastWindowed >= 0 && stops.get(lastWindowed).timeWindows().isEmpty()) {
      lastWindowed--;
    }
    if (lastWindowed < 0) {
      return Set.of();
    }
    List<LiveRoute.Stop> route = stops.subList(0, lastWindowed + 1);
    List<Location> points = new ArrayList<>();
    points.add(LiveCandidates.location(from));
    route.forEach(s -> points.add(LiveCandidates.location(s.location())));
    MatrixCells.Builder legs = MatrixCells.builder();
    for (int k = 0; k < route.size(); k++) {
      legs.leg(k, k + 1);
    }
    TravelMatrix travel =
        matrices instanceof SparseMatrixProvider sparse
            ? sparse.matrix(points, legs.build())
            : matrices.matrix(points);
    Set<String> late = new LinkedHashSet<>();
    double clock = 0;
    int here = 0;
    for (int k = 0; k < route.size(); k++) {
      LiveRoute.Stop stop = route.get(k);
      JobData job = stop.job().job();
      boolean started = stop.job().status() == JobStatus.STARTED;
      double arrival = started ? clock : clock + travel.seconds(here, k + 1);
      double serviceStart = arrival;
      List<io.fleetstream.schemas.events.TimeWindow> windows = stop.timeWindows();
      if (!windows.isEmpty()) {
        OptionalDouble open =
            windows.stream()
                .filter(w -> LiveCandidates.seconds(at, w.end()) >= arrival)
                .mapToDouble(w -> Math.max(arrival, LiveCandidates.seconds(at, w.start())))
                .min();
        if (open.isEmpty()) {
          late.add(job.jobId());
        } else {
          serviceStart = open.getAsDouble();
        }
      }
      clock = serviceStart + stop.serviceMinutes(serviceTimes, d.driver().driverId()) * 60;
      here = k + 1;
    }
    return late;
  }
}
