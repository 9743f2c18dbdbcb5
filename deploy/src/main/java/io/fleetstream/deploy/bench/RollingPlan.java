package io.fleetstream.deploy.bench;

import io.fleetstream.deploy.sim.Day;
import io.fleetstream.deploy.sim.DayOutcome;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.VrpSolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The same day decided as it comes, offline, by our solver alone: at each job's arrival, every job
 * known and not yet under way is planned again from where the drivers are, with the same objective,
 * windows and search as the {@link Hindsight} plan, for a fixed time. It knows no more than the
 * live job (nothing before it arrives) and decides with nothing but full re-plans, so it splits the
 * live job's gap to hindsight in two: what not knowing the future costs (this plan against
 * hindsight) and what the live job's way of deciding costs (the live run against this plan).
 *
 * <p>Time is simulated, not waited for: a driver leaves for the next job of their plan when free
 * and once that plan is made, reaches it after the road's driving time, serves it, and is then free
 * there. A job a driver has left for is theirs (a driver is not turned around); everything else is
 * planned again at the next arrival. Driving is measured with the road matrix the hindsight plan
 * uses.
 */
public final class RollingPlan {

  private RollingPlan() {}

  /** Plays {@code day} with a re-plan of {@code perDecision} at each job's arrival. */
  public static Hindsight.Result solve(Day day, RoadNetwork road, Duration perDecision) {
    Problem whole = Hindsight.problem(day);
    TravelMatrix matrix = road.matrix(whole.locations());
    return new Simulation(day, whole, matrix, perDecision).run();
  }

  /** One driver as the simulation moves them: where they are, when they are free, what is next. */
  private static final class Fleet {
    final Day.Driver driver;
    Location at;
    double freeAt;
    List<String> plan = List.of();

    Fleet(Day.Driver driver) {
      this.driver = driver;
      this.at = new Location(driver.start().lat(), driver.start().lng());
    }
  }

  private static final class Simulation {
    private final Day day;
    private final Map<String, Job> jobs;
    private final Map<String, Day.Job> dayJobs = new LinkedHashMap<>();
    private final TravelMatrix matrix;
    private final Duration perDecision;
    private final List<Fleet> fleet = new ArrayList<>();
    private final Set<String> underWay = new HashSet<>();
    private double plannedAt;
    private double drivingMetres;
    private double drivingSeconds;
    private int late;
    private long iterations;

    Simulation(Day day, Problem whole, TravelMatrix matrix, Duration perDecision) {
      this.day = day;
      this.jobs = whole.jobsById();
      this.matrix = matrix;
      this.perDecision = perDecision;
      day.jobs().forEach(j -> dayJobs.put(j.id(), j));
      day.drivers().forEach(d -> fleet.add(new Fleet(d)));
    }

    Hindsight.Result run() {
      List<Day.Job> arrivals = day.jobs(); // generated in order of arrival
      int known = 0;
      while (known < arrivals.size()) {
        double now = seconds(arrivals.get(known).arrival());
        while (known < arrivals.size() && seconds(arrivals.get(known).arrival()) <= now) {
          known++;
        }
        drive(now);
        replan(now, arrivals.subList(0, known));
      }
      drive(Double.POSITIVE_INFINITY);
      int served = underWay.size();
      return new Hindsight.Result(
          new DayOutcome(drivingMetres, drivingSeconds, served, late, day.jobs().size() - served),
          iterations);
    }

    /** Every driver follows their plan up to {@code until}: jobs they leave for before it. */
    private void drive(double until) {
      for (Fleet f : fleet) {
        while (!f.plan.isEmpty()) {
          double leaves = Math.max(f.freeAt, plannedAt);
          if (leaves >= until) {
            break;
          }
          Day.Job next = dayJobs.get(f.plan.get(0));
          Location to = jobs.get(next.id()).stop().location();
          int from = matrix.indexOf(f.at);
          int there = matrix.indexOf(to);
          drivingMetres += matrix.metres(from, there);
          drivingSeconds += matrix.seconds(from, there);
          double starts = Math.max(leaves + matrix.seconds(from, there), seconds(next.arrival()));
          if (starts > seconds(next.windowEnd()) + 1e-6) {
            late++;
          }
          f.at = to;
          f.freeAt = starts + seconds(next.service());
          f.plan = f.plan.subList(1, f.plan.size());
          underWay.add(next.id());
        }
      }
    }

    /** Plans every known job not under way again, from where each driver is when free. */
    private void replan(double now, List<Day.Job> known) {
      Problem.Builder problem = Problem.builder();
      for (Fleet f : fleet) {
        problem.driver(Hindsight.driver(day, f.driver, f.at, Math.max(now, f.freeAt)));
      }
      known.stream()
          .filter(j -> !underWay.contains(j.id()))
          .forEach(j -> problem.job(jobs.get(j.id())));
      Problem p = problem.build();
      if (p.jobs().isEmpty()) {
        return;
      }
      SolveResult r =
          VrpSolver.builder()
              .objective(Objective.MIN_DISTANCE)
              .timeLimit(perDecision)
              .seed(day.seed())
              .matrices(points -> matrix.restrictedTo(points))
              .build()
              .solve(p, warmStart(p));
      iterations += r.iterations();
      Map<String, List<String>> plans = new LinkedHashMap<>();
      for (Route route : r.plan().routes()) {
        plans.put(route.driverId(), route.stops().stream().map(RouteStop::jobId).toList());
      }
      for (Fleet f : fleet) {
        f.plan = plans.getOrDefault(f.driver.id(), List.of());
      }
      plannedAt = now;
    }

    /** The drivers' current plans, without the jobs now under way, as the search's start. */
    private Plan warmStart(Problem p) {
      Set<String> open = p.jobsById().keySet();
      List<Route> routes = new ArrayList<>();
      for (Fleet f : fleet) {
        List<RouteStop> stops =
            f.plan.stream()
                .filter(open::contains)
                .map(
                    id ->
                        new RouteStop(
                            id, StopType.SERVICE, jobs.get(id).stop().location(), 0, 0, 0))
                .toList();
        routes.add(new Route(f.driver.id(), 0, stops, 0, 0, 0, null, null));
      }
      return new Plan(routes, List.of());
    }
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
