package io.fleetstream.deploy.sim;

import io.fleetstream.schemas.events.GeoPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A working day on a map (Monaco's streets unless told otherwise), reproducible from its seed,
 * known in full before it is played: the drivers with their start places and skills, and every job
 * with the moment it becomes known, its place, service time, priority and time window. The live run
 * learns the jobs one by one as they arrive; the hindsight plan gets the same day all at once.
 *
 * <p>The day is compressed into {@code length} of wall-clock time (the job's clock is the real
 * one), so windows and service times are minutes, while drives take what the map's streets take.
 *
 * @param horizon when the day is over: no window closes and no shift ends later than this
 */
public record Day(
    long seed, Duration length, Duration horizon, List<Driver> drivers, List<Job> jobs) {

  /** A driver on shift the whole day, from a start place, with some skills. */
  public record Driver(String id, GeoPoint start, List<String> skills) {}

  /**
   * A job, made known {@code arrival} after the day starts, to be started within {@code window}
   * from then.
   */
  public record Job(
      String id,
      Duration arrival,
      GeoPoint location,
      Duration service,
      int priority,
      Duration window,
      List<String> skills) {

    /** The latest moment, from the day's start, at which service may start on time. */
    public Duration windowEnd() {
      return arrival.plus(window);
    }
  }

  static final List<String> SKILLS = List.of("hvac", "plumbing", "electrical");

  public Day {
    drivers = List.copyOf(drivers);
    jobs = List.copyOf(jobs);
  }

  /**
   * {@code jobs} arrivals spread as a Poisson process over {@code length} (sorted uniform times),
   * windows of a third to two thirds of the day (at least five minutes), one to four minutes of
   * service; one job in four needs a skill that half of the drivers have.
   */
  public static Day generate(long seed, int jobs, int drivers, Duration length) {
    return generate(seed, jobs, drivers, length, Places.monaco());
  }

  /** As {@link #generate(long, int, int, Duration)}, with drivers and jobs at {@code places}. */
  public static Day generate(long seed, int jobs, int drivers, Duration length, Places places) {
    if (jobs < 1 || drivers < 1) {
      throw new IllegalArgumentException("a day needs at least one job and one driver");
    }
    if (length.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("a day lasts at least 1m");
    }
    Random random = new Random(seed);
    long dayMs = length.toMillis();
    long minWindowMs = Math.max(Duration.ofMinutes(5).toMillis(), dayMs / 3);
    long maxWindowMs = Math.max(minWindowMs, 2 * dayMs / 3);
    List<Driver> ds = new ArrayList<>();
    for (int i = 0; i < drivers; i++) {
      // Every skill has a driver: a job nobody could ever take says nothing about the planner.
      List<String> skills = new ArrayList<>(List.of(SKILLS.get(i % SKILLS.size())));
      SKILLS.stream().filter(s -> !skills.contains(s) && random.nextBoolean()).forEach(skills::add);
      ds.add(new Driver(String.format("day_drv_%03d", i), places.near(random), skills));
    }
    List<Long> arrivals = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      arrivals.add((long) (random.nextDouble() * dayMs));
    }
    arrivals.sort(Comparator.naturalOrder());
    List<Job> js = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      long window = minWindowMs + (long) (random.nextDouble() * (maxWindowMs - minWindowMs));
      List<String> skills =
          random.nextDouble() < 0.25
              ? List.of(SKILLS.get(random.nextInt(SKILLS.size())))
              : List.of();
      js.add(
          new Job(
              String.format("day_job_%04d", i),
              Duration.ofMillis(arrivals.get(i)),
              places.near(random),
              Duration.ofSeconds(60 + random.nextInt(181)),
              1 + random.nextInt(5),
              Duration.ofMillis(window),
              skills));
    }
    // Time to serve the last window's job and drive home is not counted: routes are open.
    Duration horizon = Duration.ofMillis(dayMs + maxWindowMs).plusMinutes(5);
    return new Day(seed, length, horizon, ds, js);
  }
}
