package io.fleetstream.jobs.optimize;

import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.OptimizeRequestData;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an optimization request (the contract's records) into the routing engine's problem. The
 * engine counts time in seconds from an origin, the earliest moment the request mentions, so every
 * window and shift is a non-negative offset.
 */
public final class ProblemMapper {

  /**
   * The problem, where its clock starts, and the offset answers are written in.
   *
   * @param vehicleCost what using a driver at all costs, in the objective's units
   */
  public record Mapped(
      Problem problem,
      Instant origin,
      ZoneOffset offset,
      Objective objective,
      double vehicleCost) {}

  /**
   * What a vehicle costs under {@code min_vehicles}: a day of route time, so a route is closed
   * whenever its work fits on the others in less than a day more. Serving a job still outweighs it:
   * the engine's penalty for an unassigned job includes the vehicle cost.
   */
  static final double MIN_VEHICLES_COST = 24 * 3600;

  private ProblemMapper() {}

  static Mapped map(OptimizeRequestData request) {
    OptimizeOptions options =
        request.options() != null
            ? request.options()
            : new OptimizeOptions(null, null, null, null, null, null);
    // A run plans the day its data describe (the seed's examples plan a day in May), so the clock
    // starts at the earliest of the request, the shift, any driver's shift and any time window.
    Instant origin = request.requestedAt();
    List<OffsetDateTime> starts = new ArrayList<>();
    if (options.shiftStart() != null) {
      starts.add(options.shiftStart());
    }
    request.drivers().stream()
        .filter(d -> d.shift() != null)
        .forEach(d -> starts.add(d.shift().start()));
    request.jobs().forEach(j -> j.timeWindows().forEach(w -> starts.add(w.start())));
    request.jobs().stream()
        .filter(j -> j.pickup() != null)
        .forEach(j -> j.pickup().timeWindows().forEach(w -> starts.add(w.start())));
    for (OffsetDateTime start : starts) {
      if (start.toInstant().isBefore(origin)) {
        origin = start.toInstant();
      }
    }
    return map(request, origin, false, Set.of());
  }

  /**
   * A live zone re-planned from {@code now}: the clock starts now (nobody can arrive in the past),
   * and a job whose windows are all over is planned without them — it is late already and still to
   * be done — instead of being reported unassignable.
   */
  public static Mapped mapLive(OptimizeRequestData request, Instant now) {
    return mapLive(request, now, Set.of());
  }

  /**
   * As {@link #mapLive(OptimizeRequestData, Instant)}, with the jobs {@code pairs} planned as
   * pickup-and-delivery pairs (their pickup still to make; see {@link #live}).
   */
  public static Mapped mapLive(OptimizeRequestData request, Instant now, Set<String> pairs) {
    return map(request, now, true, pairs);
  }

  private static Mapped map(
      OptimizeRequestData request, Instant origin, boolean live, Set<String> pairs) {
    OptimizeOptions options =
        request.options() != null
            ? request.options()
            : new OptimizeOptions(null, null, null, null, null, null);
    ZoneOffset offset =
        options.shiftStart() != null ? options.shiftStart().getOffset() : ZoneOffset.UTC;
    Problem.Builder problem = Problem.builder();
    // A live re-plan plans a pickup only where it is still to make (pairs); a pair whose goods are
    // on board is one more visit. Loads count in both; live ones in all three dimensions, as the
    // live decisions measure them.
    LoadDimensions loads = live ? LoadDimensions.ALL : LoadDimensions.of(request.jobs());
    for (JobData job : request.jobs()) {
      problem.job(
          live
              ? live(job, job.serviceMinutesOrZero(), origin, pairs.contains(job.jobId()))
              : run(prioritized(job, options.tagPriorities()), origin, loads));
    }
    for (DriverData driver : request.drivers()) {
      problem.driver(
          DriverMapper.driver(
              DriverMapper.overridden(driver, options), options, origin, live, loads));
    }
    options
        .lockedStops()
        .forEach((driverId, jobIds) -> problem.lockJobs(driverId, jobIds.toArray(String[]::new)));
    return new Mapped(
        problem.build(),
        origin,
        offset,
        objective(options.objective()),
        usesFewestVehicles(options.objective()) ? MIN_VEHICLES_COST : 0);
  }

  /**
   * The job as urgent as the most urgent of its own priority and its tags' (tag priority 5 is our
   * priority 1, 1 is 5; 0 leaves the job's own).
   */
  static JobData prioritized(JobData job, Map<String, Integer> tagPriorities) {
    int priority = job.priorityOrDefault();
    for (String tag : job.tags()) {
      Integer p = tagPriorities.get(tag);
      if (p != null && p > 0) {
        priority = Math.min(priority, 6 - p);
      }
    }
    return priority == job.priorityOrDefault() ? job : job.withPriority(priority);
  }

  /**
   * A job on a live route, its load in all three dimensions. With {@code withPickup} (a
   * pickup-and-delivery job not yet started) its pickup comes first on the same route and the goods
   * are on board from there to the delivery; otherwise they are on board from the route's start (a
   * delivery from the depot, or a pair whose goods were collected).
   */
  public static Job live(JobData job, double serviceMinutes, Instant origin, boolean withPickup) {
    Job.Builder b = visit(job, serviceMinutes, origin, true);
    if (withPickup && job.pickup() != null) {
      b.pickup(
          location(job.pickup().location()),
          job.pickup().serviceMinutesOrZero() * 60,
          windows(job.pickup().timeWindows(), origin, true));
    }
    return b.demand(LoadDimensions.ALL.demand(job)).build();
  }

  /**
   * The job of an optimization run: with its pickup first when it has one (the same driver, before
   * the delivery) and its load in the run's capacity dimensions.
   */
  private static Job run(JobData job, Instant origin, LoadDimensions loads) {
    Job.Builder b = visit(job, job.serviceMinutesOrZero(), origin, false);
    if (job.pickup() != null) {
      b.pickup(
          location(job.pickup().location()),
          job.pickup().serviceMinutesOrZero() * 60,
          windows(job.pickup().timeWindows(), origin, false));
    }
    if (!loads.isEmpty()) {
      b.demand(loads.demand(job));
    }
    return b.build();
  }

  /** The job's own stop, skills and priority: what live decisions and runs both start from. */
  private static Job.Builder visit(
      JobData job, double serviceMinutes, Instant origin, boolean live) {
    return Job.builder(job.jobId())
        .stop(
            location(job.location()), serviceMinutes * 60, windows(job.timeWindows(), origin, live))
        .skills(job.skills())
        .priority(job.priorityOrDefault());
  }

  /**
   * Windows in seconds from {@code origin}, those already over dropped. When every window is over,
   * a {@code live} job is planned without windows (it is late, still to be done); a run's is marked
   * unassignable.
   */
  private static TimeWindow[] windows(
      List<io.fleetstream.schemas.events.TimeWindow> given, Instant origin, boolean live) {
    List<TimeWindow> windows = new ArrayList<>();
    for (io.fleetstream.schemas.events.TimeWindow w : given) {
      double end = seconds(origin, w.end());
      if (end >= 0) {
        windows.add(TimeWindow.of(Math.max(0, seconds(origin, w.start())), end));
      }
    }
    if (!given.isEmpty() && windows.isEmpty() && !live) {
      windows.add(TimeWindow.of(0, 0)); // every window is over: the engine reports TIME_WINDOW
    }
    return windows.toArray(TimeWindow[]::new);
  }

  /** The objectives that charge for each vehicle used ({@link #MIN_VEHICLES_COST}). */
  static boolean usesFewestVehicles(String objective) {
    return "min_vehicles".equals(objective) || "min_vehicles_avoid_tour_overlap".equals(objective);
  }

  public static Objective objective(String name) {
    if (name == null) {
      return Objective.MIN_DURATION;
    }
    return switch (name) {
      case "min_distance" -> Objective.MIN_DISTANCE;
      case "balanced" -> Objective.BALANCED;
      // fewest vehicles: the duration objective with a vehicle cost (see MIN_VEHICLES_COST)
      case "min_vehicles" -> Objective.MIN_DURATION;
      case "min_max" -> Objective.MIN_MAX;
      case "min_max_distance" -> Objective.MIN_MAX_DISTANCE;
      case "avoid_tour_overlap" -> Objective.AVOID_TOUR_OVERLAP;
      // fewest vehicles, and those kept apart: the overlap objective with a vehicle cost
      case "min_vehicles_avoid_tour_overlap" -> Objective.AVOID_TOUR_OVERLAP;
      case "min_cost" -> Objective.MIN_COST;
      default -> Objective.MIN_DURATION;
    };
  }

  static Location location(io.fleetstream.schemas.events.GeoPoint p) {
    return new Location(p.lat(), p.lng());
  }

  static double seconds(Instant origin, OffsetDateTime t) {
    return Duration.between(origin, t.toInstant()).toMillis() / 1000.0;
  }
}
