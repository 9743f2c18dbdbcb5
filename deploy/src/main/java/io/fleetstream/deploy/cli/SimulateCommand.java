package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.sim.FleetSimulator;
import io.fleetstream.deploy.sim.PathPlanner;
import io.fleetstream.deploy.sim.Places;
import io.fleetstream.deploy.sim.RoadPaths;
import io.fleetstream.deploy.sim.SimConfig;
import io.fleetstream.deploy.sim.StraightPaths;
import io.fleetstream.deploy.stack.StackStatus;
import io.fleetstream.routing.road.RoadNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate}: a live fleet on the stack's map, against the stack, in real time. */
@Command(
    name = "simulate",
    description =
        "Run a live simulated fleet (Poisson jobs, driving drivers, telemetry) on the stack's map"
            + " (Monaco unless --osm) against the stack, starting it if needed.")
public final class SimulateCommand implements Callable<Integer> {

  @Mixin StackOptions options;

  @Mixin MapOption map = new MapOption();

  @Option(names = "--drivers", defaultValue = "12")
  int drivers;

  @Option(
      names = "--duration",
      defaultValue = "3m",
      description = "How long to run, e.g. 90s or 5m.")
  String duration;

  @Option(names = "--jobs-per-minute", defaultValue = "6")
  double jobsPerMinute;

  @Option(
      names = "--service-scale",
      defaultValue = "0.05",
      description =
          "Real service time as a share of the declared one (default: a 30-minute job takes 90 s).")
  double serviceScale;

  @Option(names = "--failure-rate", defaultValue = "0.05")
  double failureRate;

  @Option(names = "--overrun-rate", defaultValue = "0.1")
  double overrunRate;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(
      names = "--keep-running",
      description = "Leave the stack running afterwards if this command started it.")
  boolean keepRunning;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    BorrowedStack stack = BorrowedStack.start(options, map, out, spec.commandLine().getErr());
    if (stack == null) {
      return 1;
    }
    StackStatus status = stack.status();
    String tenant =
        "sim-" + OffsetDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    SimConfig config =
        new SimConfig(
            tenant,
            drivers,
            Durations.parse(duration),
            jobsPerMinute,
            serviceScale,
            failureRate,
            overrunRate,
            Duration.ofSeconds(5),
            seed);
    // The stack's map (the one it runs on, when it ran already), in the simulator's own copy of
    // the graph: the stack's JVM holds the one in graph/.
    Path osm = status.osmPath();
    try (RoadNetwork road = SimulatorMap.load(options.dataDir(), osm)) {
      out.printf(
          "%nSimulating %d drivers and %.1f jobs/min %s for %s, driving on its roads (tenant %s; map data © OpenStreetMap contributors).%n",
          drivers, jobsPerMinute, SimulatorMap.where(osm), duration, tenant);
      out.flush();
      PathPlanner paths = new RoadPaths(road, new StraightPaths(30, 1.3));
      FleetSimulator.Report r =
          new FleetSimulator(
                  config,
                  paths,
                  Places.of(road, osm == null, seed),
                  status.kafka().bootstrapServers(),
                  out)
              .run();
      out.printf(
          "%nsummary: %d jobs created, %d assigned (mean %.0f ms after creation), %d completed, %d failed; "
              + "%,d pings; SLA: %d at risk, %d breached%n",
          r.jobsCreated(),
          r.jobsAssigned(),
          r.meanAssignmentLatencyMs(),
          r.jobsCompleted(),
          r.jobsFailed(),
          r.pings(),
          r.slaAtRisk(),
          r.slaBreached());
    } finally {
      if (stack.mustStop(keepRunning)) {
        out.println("Stopping the stack this command started.");
        out.flush();
        stack.stop();
      }
    }
    out.flush();
    return 0;
  }
}
