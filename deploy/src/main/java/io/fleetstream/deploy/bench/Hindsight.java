package io.fleetstream.deploy.bench;

import io.fleetstream.deploy.sim.Day;
import io.fleetstream.deploy.sim.DayOutcome;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.VrpSolver;
import java.time.Duration;
import java.util.Map;

/**
 * The same day planned with hindsight: every job known from the start (each still not startable
 * before it arrived, since its window opens then), solved on the same road network by our solver
 * for a fixed time. Windows are hard there, so the plan has no late job: a job it cannot reach in
 * time is unserved.
 *
 * <p>It minimises distance — the solver has no driving-time-only objective (its duration objective
 * counts waiting, which a day of windows opening through the day is full of) — and its driving is
 * then measured with the same matrix that gave the distances. The bound is thus a good plan, not a
 * proven optimum: a ratio below 1 is possible and means the hindsight search fell short.
 */
public final class Hindsight {

  private Hindsight() {}

  /** Solves {@code day} in hindsight for {@code limit} and measures the plan like the live run. */
  public static Result solve(Day day, RoadNetwork road, Duration limit) {
    Problem problem = problem(day);
    TravelMatrix matrix = road.matrix(problem.locations());
    SolveResult r =
        VrpSolver.builder()
            .objective(Objective.MIN_DISTANCE)
            .timeLimit(limit)
            .seed(day.seed())
            .matrices(points -> matrix)
            .build()
            .solve(problem);
    double metres = 0;
    double seconds = 0;
    int served = 0;
    Map<String, Driver> drivers = problem.driversById();
    for (Route route : r.plan().routes()) {
      int at = matrix.indexOf(drivers.get(route.driverId()).start());
      for (RouteStop stop : route.stops()) {
        int to = matrix.indexOf(stop.location());
        metres += matrix.metres(at, to);
        seconds += matrix.seconds(at, to);
        served++;
        at = to;
      }
    }
    int unserved = r.plan().unassigned().size();
    return new Result(new DayOutcome(metres, seconds, served, 0, unserved), r.iterations());
  }

  /** The plan's outcome and how many search iterations it took. */
  public record Result(DayOutcome outcome, long iterations) {}

  /**
   * One of the day's drivers as the routing problem has them, from {@code at}, free from {@code
   * from} (seconds from the day's start): open route, shift to the horizon, their skills.
   */
  static Driver driver(Day day, Day.Driver d, Location at, double from) {
    return Driver.builder(d.id())
        .start(at)
        .openEnd()
        .shift(from, day.horizon().toMillis() / 1000.0)
        .skills(d.skills())
        .build();
  }

  /** The day as a routing problem: seconds from the day's start, open routes, shifts to horizon. */
  static Problem problem(Day day) {
    Problem.Builder b = Problem.builder();
    for (Day.Driver d : day.drivers()) {
      b.driver(driver(day, d, new Location(d.start().lat(), d.start().lng()), 0));
    }
    for (Day.Job j : day.jobs()) {
      b.job(
          Job.builder(j.id())
              .stop(
                  new Location(j.location().lat(), j.location().lng()),
                  j.service().toMillis() / 1000.0,
                  TimeWindow.of(j.arrival().toMillis() / 1000.0, j.windowEnd().toMillis() / 1000.0))
              .skills(j.skills())
              .build());
    }
    return b.build();
  }
}
