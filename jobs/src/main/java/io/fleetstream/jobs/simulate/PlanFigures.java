package io.fleetstream.jobs.simulate;

import io.fleetstream.jobs.optimize.ProblemMapper;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.SimulationResultData.Kpis;
import io.fleetstream.schemas.events.SimulationResultData.Late;
import io.fleetstream.schemas.events.SimulationResultData.Outcome;
import io.fleetstream.schemas.events.UnassignedJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plan's figures as a dispatcher reads them. Lateness is against each job's own windows, not the
 * solver's: a live re-plan drops windows that are already over (the job is late and still to be
 * done), and such a job must count as late, in the current plan and in the scenario alike.
 */
final class PlanFigures {

  /** A second of slack for floating-point schedules. */
  private static final double SLACK_S = 1;

  private PlanFigures() {}

  /**
   * @param unassigned the plan's unassigned jobs; null takes the solver's
   */
  static Outcome outcome(
      PlanData plan,
      Plan model,
      List<UnassignedJob> unassigned,
      List<JobData> jobs,
      ProblemMapper.Mapped mapped) {
    Map<String, JobData> byId = new HashMap<>();
    jobs.forEach(j -> byId.put(j.jobId(), j));
    Map<String, Driver> drivers = mapped.problem().driversById();
    Instant origin = mapped.origin();
    List<UnassignedJob> waiting = unassigned != null ? unassigned : plan.unassigned();
    List<Late> late = new ArrayList<>();
    Set<String> served = new HashSet<>();
    int onTime = 0;
    int used = 0;
    double metres = 0;
    double seconds = 0;
    double overtime = 0;
    for (Route route : model.routes()) {
      if (route.stops().isEmpty()) {
        continue;
      }
      used++;
      metres += route.distance();
      seconds += route.duration();
      Driver driver = drivers.get(route.driverId());
      if (driver != null && driver.shift().end() != TimeWindow.ALWAYS.end()) {
        overtime += Math.max(0, route.end() - driver.shift().end());
      }
      for (RouteStop stop : route.stops()) {
        if (!served.add(stop.jobId())) {
          continue; // the second stop of a pickup and dropoff pair
        }
        long lateS = lateSeconds(byId.get(stop.jobId()), origin, stop.serviceStart());
        if (lateS > 0) {
          late.add(new Late(stop.jobId(), route.driverId(), lateS));
        } else {
          onTime++;
        }
      }
    }
    int total = served.size() + waiting.size();
    Kpis kpis =
        new Kpis(
            total,
            served.size(),
            waiting.size(),
            onTime,
            late.size(),
            total == 0 ? 100.0 : round(100.0 * onTime / total),
            round(metres / 1000),
            round(seconds / 60),
            round(overtime / 60),
            used);
    return new Outcome(kpis, plan.routes(), waiting, late);
  }

  /**
   * How far past the end of its last window a job's service starts; 0 when within or windowless.
   */
  static long lateSeconds(JobData job, Instant origin, double serviceStart) {
    if (job == null || job.timeWindows().isEmpty()) {
      return 0;
    }
    Instant lastEnd =
        job.timeWindows().stream()
            .map(w -> w.end().toInstant())
            .max(Instant::compareTo)
            .orElseThrow();
    double endS = (lastEnd.toEpochMilli() - origin.toEpochMilli()) / 1000.0;
    return serviceStart > endS + SLACK_S ? Math.round(serviceStart - endS) : 0;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
