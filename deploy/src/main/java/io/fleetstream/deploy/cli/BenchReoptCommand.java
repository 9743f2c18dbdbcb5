package io.fleetstream.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetstream.deploy.bench.Charts;
import io.fleetstream.deploy.bench.ReoptimizationCurve;
import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.road.RoadNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench reopt}: the re-optimization curve, zone size against solve time, on a road map
 * (Monaco's unless {@code --osm}).
 */
@Command(
    name = "reopt",
    description =
        "Re-optimization curve: zone size (jobs) against time, on the embedded Monaco roads or"
            + " --osm FILE's. The last line of output is the JSON result.")
public final class BenchReoptCommand implements Callable<Integer> {

  @Option(names = "--sizes", split = ",", defaultValue = "50,100,200,500,1000")
  List<Integer> sizes;

  @Option(
      names = "--time-limit",
      defaultValue = "2s",
      description =
          "Budget per zone for the whole re-optimization, matrix and search (the job's default is 2s).")
  String timeLimit;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(
      names = "--data-dir",
      defaultValue = "target/bench/graph",
      description = "Where the road graph is cached.")
  Path dataDir;

  @Option(names = "--out", defaultValue = "target/bench")
  Path out;

  @Mixin MapOption map = new MapOption();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var writer = spec.commandLine().getOut();
    if (map.missing(spec.commandLine().getErr())) {
      return 1;
    }
    Path osm = map.file();
    writer.println(
        "Re-optimization curve on "
            + (osm == null ? "Monaco roads" : "the roads of " + osm.getFileName())
            + " (map data © OpenStreetMap contributors, ODbL)");
    writer.flush();
    List<ReoptimizationCurve.Point> points;
    try (RoadNetwork road =
        RoadNetwork.load(RoadConfig.defaults().withDataDir(dataDir).withOsmFile(osm))) {
      points =
          new ReoptimizationCurve(road, Durations.parse(timeLimit), System.err).run(sizes, seed);
    }
    Files.createDirectories(out);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("reopt.json").toFile(), points);
    Charts.reoptimizationCurve(points, out.resolve("reopt.png"));
    writer.printf(
        "%n%8s %8s %10s %10s %10s %12s %10s%n",
        "jobs", "drivers", "matrix ms", "search ms", "total ms", "improvement", "feasible");
    for (ReoptimizationCurve.Point p : points) {
      writer.printf(
          "%8d %8d %10d %10d %10d %11.1f%% %10s%n",
          p.jobs(),
          p.drivers(),
          p.matrixMs(),
          p.solveMs(),
          p.totalMs(),
          p.improvementPercent(),
          p.feasible());
    }
    writer.println("chart: " + out.resolve("reopt.png"));
    writer.println(new ObjectMapper().writeValueAsString(points));
    writer.flush();
    return 0;
  }
}
