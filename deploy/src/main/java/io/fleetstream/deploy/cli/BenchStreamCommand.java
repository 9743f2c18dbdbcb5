package io.fleetstream.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetstream.deploy.bench.Charts;
import io.fleetstream.deploy.bench.StreamBenchResult;
import io.fleetstream.deploy.bench.StreamBenchmark;
import io.fleetstream.deploy.cluster.FlinkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench stream}: telemetry and job throughput and latency through Kafka and the dispatch
 * job, in Monaco or on {@code --osm FILE}'s roads.
 */
@Command(
    name = "stream",
    description =
        "Telemetry and job latency through a real broker and the dispatch job, in Monaco or on"
            + " --osm FILE's roads (the job drives on that map; drivers, jobs and pings keep their"
            + " Monaco layout, moved inside its bounds to where its roads are). The last line of"
            + " output is one JSON object.")
public final class BenchStreamCommand implements Callable<Integer> {

  @Option(
      names = "--rate",
      defaultValue = "5000",
      description = "Telemetry events per second to offer (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      description = "How long to measure each rate, e.g. 30s or 2m.")
  String duration;

  @Option(
      names = "--sweep",
      split = ",",
      description = "Measure several rates in one run (comma-separated); finds the knee.")
  List<Integer> sweep;

  @Option(
      names = "--drivers",
      defaultValue = "1000",
      description = "Drivers in the fleet, each pinging in turn (default ${DEFAULT-VALUE}).")
  int drivers;

  @Option(
      names = "--open-jobs",
      defaultValue = "10000",
      description = "Jobs seeded and decided before measuring (default ${DEFAULT-VALUE}).")
  int openJobs;

  @Option(
      names = "--job-rate",
      defaultValue = "20",
      description = "New jobs per second during the measurement.")
  double jobRate;

  @Option(
      names = "--zones",
      defaultValue = "10",
      description = "Zones the fleet and jobs are spread over (default ${DEFAULT-VALUE}).")
  int zones;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "250ms",
      description = "How often outputs are committed (default ${DEFAULT-VALUE}).")
  String checkpointInterval;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Parallel instances of each operator (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--cluster-data-dir",
      paramLabel = "DIR",
      description =
          "Run the job on the Flink cluster 'cluster up --data-dir DIR' started (and use its Kafka)"
              + " instead of in this JVM; start a fresh cluster for each run.")
  Path clusterDataDir;

  @Option(
      names = "--rehearsal",
      paramLabel = "DURATION",
      defaultValue = StackOptions.DEFAULT_REHEARSAL,
      converter = StackOptions.RehearsalConverter.class,
      description =
          "As 'up --rehearsal': how long at most the freshly started job first runs on synthetic"
              + " input, before seeding; it ends sooner once the job's throughput stops rising"
              + " (default: ${DEFAULT-VALUE}, what 'up' does; 'off' skips it). Not used with"
              + " --cluster-data-dir.")
  Duration rehearsal;

  @Mixin MapOption map = new MapOption();

  @Option(
      names = "--out",
      defaultValue = "target/bench",
      description = "Where the JSON and PNG go.")
  Path out;

  @Option(
      names = "--json",
      description = "Accepted for symmetry: the last line is always the JSON result.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    if (map.missing(spec.commandLine().getErr())) {
      return 1;
    }
    Path osm = map.file();
    List<Integer> rates = sweep == null || sweep.isEmpty() ? List.of(rate) : sweep;
    List<StreamBenchResult> results;
    StreamBenchmark benchmark;
    try (BenchWorkDir workDir = new BenchWorkDir("fleetstream-bench-")) {
      Path work = workDir.path();
      StreamBenchmark.Settings settings =
          new StreamBenchmark.Settings(
              Durations.parse(duration),
              drivers,
              openJobs,
              jobRate,
              zones,
              Durations.parse(checkpointInterval),
              parallelism,
              work,
              null,
              rehearsal,
              osm);
      if (clusterDataDir != null) {
        settings =
            settings.onCluster(
                FlinkCluster.running(clusterDataDir)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "no cluster runs for "
                                    + clusterDataDir
                                    + ": start one with 'bin/fleetstream cluster up --data-dir "
                                    + clusterDataDir
                                    + "'")));
      }
      out.printf(
          "Stream benchmark: %d drivers, %d open jobs %s, %s per rate, rates %s (work dir %s)%n",
          drivers, openJobs, SimulatorMap.where(osm), duration, rates, work);
      out.flush();
      benchmark = new StreamBenchmark(settings, System.err);
      results = benchmark.run(rates);
    }
    ObjectMapper json = new ObjectMapper();
    Files.createDirectories(this.out);
    json.enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(this.out.resolve("stream.json").toFile(), results);
    out.printf(
        "%n%10s %12s %8s %8s %14s %14s %6s %6s %12s%n",
        "rate",
        "achieved",
        "p50 ms",
        "p99 ms",
        "assign p50 ms",
        "assign p99 ms",
        "lost",
        "dup",
        "gen lag p99");
    for (StreamBenchResult r : results) {
      out.printf(
          "%,10d %,12.0f %8.0f %8.0f %14.0f %14.0f %6d %6d %12.0f%n",
          r.rate(),
          r.achievedRate(),
          r.p50Ms(),
          r.p99Ms(),
          r.assignmentP50Ms(),
          r.assignmentP99Ms(),
          r.lost(),
          r.duplicated(),
          r.generatorLagP99Ms());
    }
    Charts.streamTimeline(benchmark.timeline(), this.out.resolve("stream-timeline.png"));
    out.println("timeline: " + this.out.resolve("stream-timeline.png"));
    if (results.size() > 1) {
      Charts.streamSweep(results, this.out.resolve("stream.png"));
      StreamBenchResult knee =
          results.stream()
              .filter(r -> r.exact() && r.achievedRate() >= 0.95 * r.rate() && r.p99Ms() <= 500)
              .max(Comparator.comparingInt(StreamBenchResult::rate))
              .orElse(null);
      out.println(
          knee == null
              ? "knee: no rate met achieved ≥ 95% of offered with p99 ≤ 500 ms and nothing lost or duplicated"
              : "knee: "
                  + knee.rate()
                  + " events/s (highest rate with achieved ≥ 95% of offered, p99 ≤ 500 ms, nothing lost or duplicated)");
      out.println("chart: " + this.out.resolve("stream.png"));
    }
    out.println("results: " + this.out.resolve("stream.json"));
    StreamBenchResult last = results.get(results.size() - 1);
    out.println(
        new ObjectMapper()
            .writeValueAsString(results.size() == 1 ? last : new ArrayList<>(results)));
    out.flush();
    List<StreamBenchResult> inexact = results.stream().filter(r -> !r.exact()).toList();
    for (StreamBenchResult r : inexact) {
      spec.commandLine()
          .getErr()
          .printf(
              "error: at %,d/s %,d inputs lost and %,d outputs duplicated%n",
              r.rate(), r.lost(), r.duplicated());
    }
    spec.commandLine().getErr().flush();
    // A run that lost or duplicated anything is a failed run, whatever its latencies.
    return inexact.isEmpty() ? 0 : 1;
  }
}
