package io.fleetstream.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetstream.routing.road.MatrixBenchmark;
import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.road.RoadSolveBenchmark;
import io.fleetstream.routing.solomon.SolomonFormatException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The routing engine's road commands (matrices, road solves) and the error handling every routing
 * command shares ({@link InstanceCommands} has the benchmark instances). Exit codes: 0 ok, 1
 * failure while running, 2 bad arguments (picocli) or a bad input file.
 */
public final class RoutingCommands {

  static final int FAILED = 1;
  static final int BAD_INPUT = 2;
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RoutingCommands() {}

  /** A routing command's body; its exceptions become a one-line error and an exit code. */
  interface Body {
    int run(PrintWriter out, PrintWriter err) throws Exception;
  }

  static int run(CommandSpec spec, Body body) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return body.run(out, err);
    } catch (NoSuchFileException | FileNotFoundException e) {
      err.println("error: no such file: " + e.getMessage().replaceFirst("^no such .* file: ", ""));
      return BAD_INPUT;
    } catch (SolomonFormatException e) {
      err.println("error: malformed instance file: " + e.getMessage());
      return BAD_INPUT;
    } catch (IOException | IllegalArgumentException e) {
      err.println("error: " + (e instanceof IOException ? e.toString() : e.getMessage()));
      return BAD_INPUT;
    } catch (Exception e) {
      err.println("error: " + e);
      return FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Options of the commands that load a road network. */
  static final class RoadOptions {
    @picocli.CommandLine.Mixin MapOption map = new MapOption();

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "Where the imported graph is cached.")
    Path dataDir;

    @Option(
        names = "--threads",
        paramLabel = "N",
        description = "Threads for the matrix (default: all cores).")
    Integer threads;

    RoadConfig config(PrintWriter err) {
      RoadConfig config = RoadConfig.defaults();
      if (dataDir != null) {
        config = config.withDataDir(dataDir);
      }
      if (threads != null) {
        config = config.withThreads(threads);
      }
      Path osm = map.file();
      if (osm != null) {
        return config.withOsmFile(osm);
      }
      err.println("map: embedded Monaco extract, © OpenStreetMap contributors (ODbL)");
      return config;
    }
  }

  /** {@code matrix}: a road travel-time matrix between random points. */
  @Command(
      name = "matrix",
      description = "Road travel-time matrix between N random points on the map.")
  public static final class Matrix implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin RoadOptions road = new RoadOptions();

    @Option(names = "--points", required = true, paramLabel = "N", description = "How many points.")
    int points;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      return run(
          spec,
          (out, err) -> {
            MatrixBenchmark.Summary s = MatrixBenchmark.run(road.config(err), points, seed);
            if (json) {
              out.println(JSON.writeValueAsString(s));
            } else {
              out.printf(
                  Locale.ROOT,
                  "%d×%d matrix in %d ms (%d unreachable pairs), graph loaded in %d ms%n",
                  s.points(),
                  s.points(),
                  s.elapsedMs(),
                  s.unreachable(),
                  s.loadMs());
            }
            return 0;
          });
    }
  }

  /** {@code bench road}: a short solve against a long one on the road network. */
  @Command(
      name = "road",
      description = "Road solve benchmark: a short solve against a long one on the same jobs.")
  public static final class BenchRoad implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin RoadOptions road = new RoadOptions();

    @Option(names = "--jobs", defaultValue = "200", description = "Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--drivers", defaultValue = "20", description = "Default: ${DEFAULT-VALUE}.")
    int drivers;

    @Option(
        names = "--short",
        defaultValue = "2s",
        paramLabel = "DURATION",
        description = "Default: ${DEFAULT-VALUE}.")
    Duration shortLimit;

    @Option(
        names = "--long",
        defaultValue = "60s",
        paramLabel = "DURATION",
        description = "Default: ${DEFAULT-VALUE}.")
    Duration longLimit;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
      return run(
          spec,
          (out, err) -> {
            try (RoadNetwork net = RoadNetwork.load(road.config(err))) {
              out.println(
                  PRETTY.writeValueAsString(
                      RoadSolveBenchmark.run(net, jobs, drivers, seed, shortLimit, longLimit)));
            }
            return 0;
          });
    }
  }
}
