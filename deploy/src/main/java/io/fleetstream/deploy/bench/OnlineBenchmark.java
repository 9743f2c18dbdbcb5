package io.fleetstream.deploy.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fleetstream.deploy.sim.Day;
import io.fleetstream.deploy.sim.DayOutcome;
import io.fleetstream.deploy.sim.DayPlayer;
import io.fleetstream.deploy.sim.PathPlanner;
import io.fleetstream.routing.road.RoadNetwork;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decision quality of the live job: a day per seed played through the running stack (each seed's
 * day in a tenant of its own, all at the same time), then the same days planned in hindsight and
 * re-planned at each arrival ({@link RollingPlan}), and what each cost ({@link DayOutcome#cost()}).
 * The re-planned day splits the live job's gap to hindsight in two: what not knowing the future
 * costs ({@code information_ratio}, re-planned over hindsight) and what the live job's way of
 * deciding costs on top ({@code decision_ratio}, live over re-planned).
 */
public final class OnlineBenchmark {

  /** One seed's day: both outcomes and live cost over hindsight cost. */
  public record SeedResult(
      long seed,
      int jobs,
      int drivers,
      @JsonProperty("live_cost") double liveCost,
      @JsonProperty("hindsight_cost") double hindsightCost,
      double ratio,
      @JsonProperty("live_km") double liveKm,
      @JsonProperty("hindsight_km") double hindsightKm,
      @JsonProperty("late_live") int lateLive,
      @JsonProperty("late_hindsight") int lateHindsight,
      @JsonProperty("unassigned_live") int unassignedLive,
      @JsonProperty("unassigned_hindsight") int unassignedHindsight,
      @JsonProperty("hindsight_iterations") long hindsightIterations,
      @JsonProperty("replanned_cost") double replannedCost,
      @JsonProperty("replanned_km") double replannedKm,
      @JsonProperty("late_replanned") int lateReplanned,
      @JsonProperty("unassigned_replanned") int unassignedReplanned,
      @JsonProperty("moved_live") int movedLive,
      @JsonProperty("cut_short_live") int cutShortLive) {

    static SeedResult of(
        Day day, DayOutcome live, Hindsight.Result hindsight, Hindsight.Result replanned) {
      DayOutcome h = hindsight.outcome();
      DayOutcome r = replanned.outcome();
      return new SeedResult(
          day.seed(),
          day.jobs().size(),
          day.drivers().size(),
          live.cost(),
          h.cost(),
          live.cost() / h.cost(),
          live.drivingKm(),
          h.drivingKm(),
          live.late(),
          h.late(),
          live.unserved(),
          h.unserved(),
          hindsight.iterations(),
          r.cost(),
          r.drivingKm(),
          r.late(),
          r.unserved(),
          live.moved(),
          live.cutShort());
    }
  }

  /**
   * All seeds; the top-level figures are their sums, and the ratio of the summed costs. {@code
   * load_before} is the machine's load average before the command started anything.
   */
  public record Result(
      @JsonProperty("live_cost") double liveCost,
      @JsonProperty("hindsight_cost") double hindsightCost,
      double ratio,
      @JsonProperty("late_live") int lateLive,
      @JsonProperty("late_hindsight") int lateHindsight,
      @JsonProperty("unassigned_live") int unassignedLive,
      @JsonProperty("unassigned_hindsight") int unassignedHindsight,
      @JsonProperty("moved_live") int movedLive,
      @JsonProperty("cut_short_live") int cutShortLive,
      @JsonProperty("replanned_cost") double replannedCost,
      @JsonProperty("information_ratio") double informationRatio,
      @JsonProperty("decision_ratio") double decisionRatio,
      @JsonProperty("day_minutes") double dayMinutes,
      @JsonProperty("hindsight_seconds") long hindsightSeconds,
      @JsonProperty("replan_millis") long replanMillis,
      int cores,
      @JsonProperty("load_before") double loadBefore,
      List<SeedResult> seeds) {

    static Result of(
        List<SeedResult> seeds,
        Duration day,
        Duration hindsightLimit,
        Duration replanLimit,
        double loadBefore) {
      double live = seeds.stream().mapToDouble(SeedResult::liveCost).sum();
      double hindsight = seeds.stream().mapToDouble(SeedResult::hindsightCost).sum();
      double replanned = seeds.stream().mapToDouble(SeedResult::replannedCost).sum();
      return new Result(
          live,
          hindsight,
          live / hindsight,
          seeds.stream().mapToInt(SeedResult::lateLive).sum(),
          seeds.stream().mapToInt(SeedResult::lateHindsight).sum(),
          seeds.stream().mapToInt(SeedResult::unassignedLive).sum(),
          seeds.stream().mapToInt(SeedResult::unassignedHindsight).sum(),
          seeds.stream().mapToInt(SeedResult::movedLive).sum(),
          seeds.stream().mapToInt(SeedResult::cutShortLive).sum(),
          replanned,
          replanned / hindsight,
          live / replanned,
          day.toMillis() / 60_000.0,
          hindsightLimit.toSeconds(),
          replanLimit.toMillis(),
          Runtime.getRuntime().availableProcessors(),
          loadBefore,
          List.copyOf(seeds));
    }
  }

  private final List<Day> days;
  private final Duration hindsightLimit;
  private final Duration replanLimit;
  private final String bootstrapServers;
  private final RoadNetwork road;
  private final PathPlanner paths;
  private final String tenantPrefix;
  private final double loadBefore;
  private final PrintWriter out;

  public OnlineBenchmark(
      List<Day> days,
      Duration hindsightLimit,
      Duration replanLimit,
      String bootstrapServers,
      RoadNetwork road,
      PathPlanner paths,
      String tenantPrefix,
      double loadBefore,
      PrintWriter out) {
    this.days = List.copyOf(days);
    this.hindsightLimit = hindsightLimit;
    this.replanLimit = replanLimit;
    this.bootstrapServers = bootstrapServers;
    this.road = road;
    this.paths = paths;
    this.tenantPrefix = tenantPrefix;
    this.loadBefore = loadBefore;
    this.out = out;
  }

  public Result run() throws InterruptedException, ExecutionException {
    List<DayOutcome> live = playLive();
    List<SeedResult> seeds = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      Day day = days.get(i);
      out.printf(
          "seed %d: planning the same day in hindsight (%d jobs known in advance, %ds)%n",
          day.seed(), day.jobs().size(), hindsightLimit.toSeconds());
      out.flush();
      Hindsight.Result hindsight = Hindsight.solve(day, road, hindsightLimit);
      out.printf(
          "seed %d: deciding the same day as it comes, offline (a re-plan of up to %d ms at each"
              + " of %d arrivals)%n",
          day.seed(), replanLimit.toMillis(), day.jobs().size());
      out.flush();
      seeds.add(
          SeedResult.of(day, live.get(i), hindsight, RollingPlan.solve(day, road, replanLimit)));
    }
    return Result.of(seeds, days.get(0).length(), hindsightLimit, replanLimit, loadBefore);
  }

  /** Every seed's day through the live stack at once, each in its own tenant and thread. */
  private List<DayOutcome> playLive() throws InterruptedException, ExecutionException {
    ExecutorService pool = Executors.newFixedThreadPool(days.size());
    try {
      List<Future<DayOutcome>> running = new ArrayList<>();
      for (Day day : days) {
        String tenant = tenantPrefix + "-seed" + day.seed();
        out.printf(
            "seed %d: playing %d jobs and %d drivers through the live job (tenant %s); the day is"
                + " over when every job is served, at the latest after %.1f min%n",
            day.seed(),
            day.jobs().size(),
            day.drivers().size(),
            tenant,
            day.horizon().toMillis() / 60_000.0);
        running.add(
            pool.submit(() -> new DayPlayer(day, tenant, paths, bootstrapServers, out).play()));
      }
      out.flush();
      List<DayOutcome> outcomes = new ArrayList<>();
      for (Future<DayOutcome> f : running) {
        outcomes.add(f.get());
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}
