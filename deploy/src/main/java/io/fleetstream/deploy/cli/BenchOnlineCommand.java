package io.fleetstream.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetstream.deploy.bench.Charts;
import io.fleetstream.deploy.bench.MachineUse;
import io.fleetstream.deploy.bench.OnlineBenchmark;
import io.fleetstream.deploy.sim.Day;
import io.fleetstream.deploy.sim.DayOutcome;
import io.fleetstream.deploy.sim.Places;
import io.fleetstream.deploy.sim.RoadPaths;
import io.fleetstream.deploy.sim.StraightPaths;
import io.fleetstream.routing.road.RoadNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench online}: what the live decisions cost against the same day in hindsight. */
@Command(
    name = "online",
    description =
        "Play a simulated day in Monaco through the live job (jobs arriving one by one, drivers "
            + "driving its roads to what the planner gives them) for each seed, then plan the same "
            + "day with every job known in advance and, offline, decided as it comes by a full "
            + "re-plan at each arrival; compare what they cost. Writes online.json and online.png; "
            + "the last line of output is one JSON object.")
public final class BenchOnlineCommand implements Callable<Integer> {

  @Mixin StackOptions options;

  @Mixin MapOption map = new MapOption();

  @Option(
      names = "--jobs",
      defaultValue = "30",
      description = "Jobs in each day (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--drivers",
      defaultValue = "5",
      description = "Drivers on shift (default ${DEFAULT-VALUE}).")
  int drivers;

  @Option(
      names = "--seed",
      split = ",",
      defaultValue = "1,2,3",
      description =
          "Seeds, comma-separated: one day each, played at the same time (default 1,2,3).")
  List<Long> seeds;

  @Option(
      names = "--day",
      defaultValue = "20m",
      description =
          "Wall-clock length of the day, e.g. 20m: jobs arrive over it; windows are a third to two "
              + "thirds of it (default ${DEFAULT-VALUE}).")
  String day;

  @Option(
      names = "--hindsight",
      defaultValue = "60s",
      description = "How long the hindsight plan is searched, per seed (default ${DEFAULT-VALUE}).")
  String hindsight;

  @Option(
      names = "--replan",
      defaultValue = "2s",
      description =
          "How long each re-plan of the day decided offline as it comes may search, at each job's"
              + " arrival (default ${DEFAULT-VALUE}, the live job's re-optimization budget).")
  String replan;

  @Option(
      names = "--keep-running",
      description = "Leave the stack running afterwards if this command started it.")
  boolean keepRunning;

  @Option(names = "--out", defaultValue = "target/bench", description = "Where the files go.")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    Duration length = Durations.parse(day);
    Duration limit = Durations.parse(hindsight);
    Duration replanLimit = Durations.parse(replan);
    if (seeds.isEmpty() || seeds.size() > 8) {
      throw new IllegalArgumentException("--seed takes 1 to 8 seeds");
    }
    double loadBefore = MachineUse.loadAverage(); // before the stack starts, if it must
    BorrowedStack stack = BorrowedStack.start(options, map, out, spec.commandLine().getErr());
    if (stack == null) {
      return 1;
    }
    OnlineBenchmark.Result r;
    String tenant =
        "online-" + OffsetDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    // The stack's map, in the benchmark's own copy of the graph: the stack's JVM holds the one in
    // graph/.
    Path osm = stack.status().osmPath();
    try (RoadNetwork road = SimulatorMap.load(options.dataDir(), osm)) {
      List<Day> days =
          seeds.stream()
              .map(s -> Day.generate(s, jobs, drivers, length, Places.of(road, osm == null, s)))
              .toList();
      out.printf(
          "%nA day of %s per seed %s, played live; then %s of hindsight planning per seed (map data © OpenStreetMap contributors).%n",
          day, SimulatorMap.where(osm), hindsight);
      out.flush();
      r =
          new OnlineBenchmark(
                  days,
                  limit,
                  replanLimit,
                  stack.status().kafka().bootstrapServers(),
                  road,
                  new RoadPaths(road, new StraightPaths(30, 1.3)),
                  tenant,
                  loadBefore,
                  out)
              .run();
    } finally {
      if (stack.mustStop(keepRunning)) {
        out.println("Stopping the stack this command started.");
        out.flush();
        stack.stop();
      }
    }
    ObjectMapper mapper = new ObjectMapper();
    Files.createDirectories(this.out);
    mapper
        .copy()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(this.out.resolve("online.json").toFile(), r);
    Charts.onlineCosts(r.seeds(), this.out.resolve("online.png"));
    out.printf(
        "%n%5s %5s %7s %10s %10s %10s %6s %8s %8s %8s %5s %5s %7s %7s %6s %6s%n",
        "seed",
        "jobs",
        "drivers",
        "live",
        "replanned",
        "hindsight",
        "ratio",
        "live km",
        "repl km",
        "hind km",
        "late",
        "late*",
        "unserv",
        "unserv*",
        "moved",
        "cut");
    for (OnlineBenchmark.SeedResult s : r.seeds()) {
      out.printf(
          "%5d %5d %7d %10.1f %10.1f %10.1f %6.2f %8.1f %8.1f %8.1f %5d %5d %7d %7d %6d %6d%n",
          s.seed(),
          s.jobs(),
          s.drivers(),
          s.liveCost(),
          s.replannedCost(),
          s.hindsightCost(),
          s.ratio(),
          s.liveKm(),
          s.replannedKm(),
          s.hindsightKm(),
          s.lateLive(),
          s.lateHindsight(),
          s.unassignedLive(),
          s.unassignedHindsight(),
          s.movedLive(),
          s.cutShortLive());
    }
    out.printf(
        "cost = driving minutes + %.0f per job late or unserved; * = hindsight; replanned = the same"
            + " day decided offline by a full re-plan at each arrival; moved = times the live job"
            + " gave a job to another driver, cut = drives that cut short. All seeds: ratio %.2f (target"
            + " <= 1.15 with no more late jobs) = %.2f for not knowing the future (replanned /"
            + " hindsight) x %.2f for the live job's way of deciding (live / replanned). Machine: %d"
            + " cores, load %.2f before the command; chart %s%n",
        DayOutcome.MISSED_WINDOW_PENALTY_MINUTES,
        r.ratio(),
        r.informationRatio(),
        r.decisionRatio(),
        r.cores(),
        r.loadBefore(),
        this.out.resolve("online.png"));
    out.println(mapper.writeValueAsString(r));
    out.flush();
    return 0;
  }
}
