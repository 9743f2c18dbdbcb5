package io.fleetstream.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetstream.deploy.bench.Charts;
import io.fleetstream.deploy.bridge.EventStreamBenchmark;
import io.fleetstream.deploy.synthetic.SyntheticArea;
import io.fleetstream.routing.road.RoadNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench events}: the live event stream's fan-out latency and exactness. */
@Command(
    name = "events",
    description =
        "Open --clients Server-Sent-Events streams (GET /api/v1/events) on a real bridge and "
            + "broker on loopback, write job events at --rate for --duration (after a 20 s "
            + "warm-up ramping up to --rate), and measure event-on-Kafka to client latency; checks every client got "
            + "every event of its account once. The jobs are in Monaco, or with --osm FILE on that "
            + "map's roads. Writes events.json and events.png; the last "
            + "line of output is one JSON object.")
public final class BenchEventsCommand implements Callable<Integer> {

  @Option(
      names = "--clients",
      defaultValue = "1000",
      description = "Open streams (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--accounts",
      defaultValue = "50",
      description = "Accounts the streams are spread over (default ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--rate",
      defaultValue = "200",
      description =
          "Events per second written, spread over the accounts (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      description = "How long to measure, e.g. 60s (at most 5m).")
  String duration;

  @Mixin MapOption map = new MapOption();

  @Option(names = "--out", defaultValue = "target/bench", description = "Where the files go.")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    if (map.missing(spec.commandLine().getErr())) {
      return 1;
    }
    Path osm = map.file();
    EventStreamBenchmark.Result r;
    try (BenchWorkDir workDir = new BenchWorkDir("fleetstream-bench-events-")) {
      SyntheticArea area = SyntheticArea.MONACO;
      if (osm != null) {
        // Only the events' locations change: no job runs here, the graph only places them.
        try (RoadNetwork road = SimulatorMap.load(workDir.path(), osm)) {
          area = SyntheticArea.onRoads(road);
        }
      }
      out.printf(
          "Event stream benchmark: %d clients over %d accounts, %d events/s for %s, jobs %s%s%n",
          clients,
          accounts,
          rate,
          duration,
          SimulatorMap.where(osm),
          osm == null ? "" : " " + area.describe());
      out.flush();
      r =
          new EventStreamBenchmark(
                  clients,
                  accounts,
                  rate,
                  Durations.parse(duration),
                  area,
                  workDir.path(),
                  System.err)
              .run();
    }
    ObjectMapper mapper = new ObjectMapper();
    Files.createDirectories(this.out);
    mapper
        .copy()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(this.out.resolve("events.json").toFile(), r);
    Charts.eventStreamLatency(r, this.out.resolve("events.png"));
    out.printf(
        "%n%8s %9s %13s %8s %8s %8s %8s %9s %6s %6s%n",
        "clients",
        "events/s",
        "deliveries/s",
        "p50 ms",
        "p99 ms",
        "p99.9 ms",
        "max ms",
        "missing",
        "dup",
        "ended");
    out.printf(
        "%,8d %,9.0f %,13.0f %8.0f %8.0f %8.0f %8.0f %,9d %6d %6d%n",
        r.clients(),
        r.eventsPerSecond(),
        r.deliveriesPerSecond(),
        r.p50Ms(),
        r.p99Ms(),
        r.p999Ms(),
        r.maxMs(),
        r.missing(),
        r.duplicated(),
        r.streamsEnded());
    out.printf(
        "machine: %d cores, load %.2f before the run; chart %s%n",
        r.cores(), r.loadBefore(), this.out.resolve("events.png"));
    out.println(mapper.writeValueAsString(r));
    out.flush();
    return r.complete() ? 0 : 1;
  }
}
