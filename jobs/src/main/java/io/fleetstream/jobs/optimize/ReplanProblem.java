package io.fleetstream.jobs.optimize;

import io.fleetstream.routing.model.Incumbents;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the solver gets from a zone's re-plan request: the problem with the started and locked jobs
 * pinned first and each job's current driver as its incumbent, and the current routes as a warm
 * start.
 */
public final class ReplanProblem {

  private ReplanProblem() {}

  /**
   * The request's problem as {@code mapped}, its pinned jobs locked first on their drivers, moves
   * away from the current routes charged {@code moveCost} each.
   */
  static Problem of(ReoptimizeRequest request, ProblemMapper.Mapped mapped, Duration moveCost) {
    Problem.Builder problem =
        Problem.builder().jobs(mapped.problem().jobs()).drivers(mapped.problem().drivers());
    problem.incumbents(incumbents(request, mapped.objective(), moveCost));
    request
        .pinned()
        .forEach(
            (driver, jobIds) -> {
              if (!jobIds.isEmpty()) {
                problem.lockJobs(driver, jobIds.toArray(String[]::new));
              }
            });
    return problem.build();
  }

  /**
   * Turning a driver round costs this many moves: the drive begun is lost, and a plan that does it
   * for a small gain is the churn the move cost is there to stop.
   */
  static final double ON_THE_WAY_MOVES = 2;

  /**
   * Each job's driver in the zone's current routes, with the move cost in the objective's units:
   * seconds for the duration objectives the live planner re-solves with, {@link #ON_THE_WAY_MOVES}
   * times it for a job its driver is on the way to; none for the other objectives, whose units
   * (metres, money) a time cannot be turned into without a rate.
   */
  private static Incumbents incumbents(
      ReoptimizeRequest request, Objective objective, Duration moveCost) {
    if (objective.byDistance() || objective == Objective.MIN_COST) {
      return Incumbents.NONE;
    }
    double seconds = moveCost.toMillis() / 1000.0;
    Map<String, Incumbents.Incumbent> jobs = new java.util.HashMap<>();
    request
        .routes()
        .forEach(
            (driver, jobIds) -> {
              String underWay = request.underWay().get(driver);
              jobIds.forEach(
                  id ->
                      jobs.put(
                          id,
                          new Incumbents.Incumbent(
                              driver, id.equals(underWay) ? ON_THE_WAY_MOVES * seconds : seconds)));
            });
    return new Incumbents(jobs);
  }

  /**
   * The zone's current routes as a warm start, stop by stop, without the drivers {@code leftOut} (a
   * what-if removes them); the engine only reads each route's stop order from it.
   */
  public static Plan warmStart(ReoptimizeRequest request, java.util.Set<String> leftOut) {
    Map<String, JobData> jobs = new java.util.HashMap<>();
    request.jobs().forEach(j -> jobs.put(j.jobId(), j));
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<String, List<StopRef>> route : request.refs().entrySet()) {
      String driver = route.getKey();
      if (leftOut.contains(driver)) {
        continue;
      }
      List<RouteStop> stops = new ArrayList<>();
      for (StopRef ref : route.getValue()) {
        JobData job = jobs.get(ref.jobId());
        GeoPoint at = ref.type() == StopType.PICKUP ? job.pickup().location() : job.location();
        stops.add(
            new RouteStop(job.jobId(), ref.type(), new Location(at.lat(), at.lng()), 0, 0, 0));
      }
      routes.add(new Route(driver, 0, stops, 0, 0, 0, null, null));
    }
    return new Plan(routes, List.of());
  }
}
