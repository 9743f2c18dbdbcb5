package io.fleetstream.routing.scoring;

import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.routing.road.MonacoFixture;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Random live dispatch decisions on the Monaco map, reproducible from a seed: a new job (a pickup
 * and dropoff pair for odd seeds) and drivers with current routes of services, some windowed, some
 * locked, one route carrying a pair. Drivers return to their start, end elsewhere or end at their
 * last stop; on every third seed the job needs a skill one driver in three lacks, and on seeds that
 * are 1 mod 4 the last driver starts outside the map (in Nice).
 */
final class MonacoDecisions {

  static final Location NICE = new Location(43.7031, 7.2661);
  private static final double DAY = 8 * 3600;

  /** What one {@link AssignmentScorer#score} call takes. */
  record Decision(Job job, List<Candidate> candidates, List<Job> routeJobs) {}

  private MonacoDecisions() {}

  static Decision random(long seed, int drivers, int minStops, int maxStops) {
    Random rnd = new Random(seed);
    Iterator<Location> points =
        MonacoFixture.snappablePoints(drivers * (maxStops + 2) + 2, seed).iterator();
    boolean skilled = seed % 3 == 0;
    List<Job> routeJobs = new ArrayList<>();
    List<Candidate> candidates = new ArrayList<>();
    for (int d = 0; d < drivers; d++) {
      Location start = d == drivers - 1 && seed % 4 == 1 ? NICE : points.next();
      Driver.Builder b = Driver.builder("d" + d).start(start).shift(0, DAY).capacity(20);
      if (d % 4 == 0) b.openEnd();
      if (d % 4 == 1) b.end(points.next());
      if (d % 3 != 2) b.skills("fridge");
      int stops = minStops + rnd.nextInt(maxStops - minStops + 1);
      List<StopRef> route = new ArrayList<>();
      for (int k = 0; k < stops; k++) {
        String id = "s" + seed + "-d" + d + "-" + k;
        if (d == 2 && k == 0 && stops >= 2) {
          // a pair already on the route: picked up first, dropped off second
          routeJobs.add(
              Job.builder(id)
                  .pickup(points.next(), 120)
                  .dropoff(points.next(), 120)
                  .demand(1)
                  .build());
          route.add(StopRef.pickup(id));
          route.add(StopRef.dropoff(id));
          k++;
          continue;
        }
        routeJobs.add(
            Job.builder(id)
                .stop(points.next(), 120 + rnd.nextInt(481), window(rnd, k, stops))
                .demand(1)
                .build());
        route.add(StopRef.service(id));
      }
      int locked = rnd.nextInt(Math.min(2, route.size()) + 1);
      candidates.add(
          new Candidate(b.build(), route, locked, Math.round(rnd.nextDouble() * 100) / 100.0));
    }
    Job.Builder job = Job.builder("new-" + seed).demand(1).priority(1 + rnd.nextInt(10));
    if (seed % 2 == 1) {
      job.pickup(points.next(), 180)
          .dropoff(points.next(), 180, TimeWindow.of(0, DAY * (0.5 + rnd.nextDouble() / 2)));
    } else {
      job.stop(
          points.next(),
          300,
          rnd.nextBoolean() ? TimeWindow.of(0, DAY) : TimeWindow.of(3600, 3 * 3600));
    }
    if (skilled) job.skills("fridge");
    return new Decision(job.build(), candidates, routeJobs);
  }

  /** Four stops in ten are windowed, roughly where a route of this length reaches them. */
  private static TimeWindow[] window(Random rnd, int k, int stops) {
    if (rnd.nextInt(10) >= 4) return new TimeWindow[0];
    double at = DAY * (k + 1) / (stops + 1);
    return new TimeWindow[] {TimeWindow.of(Math.max(0, at - 3600), at + 3600)};
  }
}
