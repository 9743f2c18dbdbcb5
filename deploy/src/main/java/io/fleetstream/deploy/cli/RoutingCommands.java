package io.fleetstream.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetstream.routing.road.MatrixBenchmark;
import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.road.RoadSolveBenchmark;
import io.fleetstream.routing.solomon.BenchmarkReport;
import io.fleetstream.routing.solomon.BenchmarkRow;
import io.fleetstream.routing.solomon.SolomonBenchmark;
import io.fleetstream.routing.solomon.SolomonFormatException;
import io.fleetstream.routing.solomon.SolomonInstance;
import io.fleetstream.routing.solomon.SolomonReader;
import io.fleetstream.routing.solomon.SolomonSolution;
import io.fleetstream.routing.solomon.SolomonSolver;
import io.fleetstream.routing.solomon.peers.PeerLoader;
import io.fleetstream.routing.solver.SolverConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The routing engine's commands: Solomon solves and benchmarks, road matrices and road solves. Exit
 * codes: 0 ok, 1 failure while running, 2 bad arguments (picocli) or a bad input file.
 */
public final class RoutingCommands {

  static final int FAILED = 1;
  static final int BAD_INPUT = 2;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
      err.println("error: no such file: " + e.getMessage().replace("no such Solomon file: ", ""));
      return BAD_INPUT;
    } catch (SolomonFormatException e) {
      err.println("error: malformed Solomon file: " + e.getMessage());
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
    @Option(
        names = "--osm",
        paramLabel = "FILE",
        description = "An .osm.pbf extract (default: the embedded Monaco map).")
    Path osm;

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
      if (osm != null) {
        if (!Files.isRegularFile(osm)) {
          throw new IllegalArgumentException("no such OSM file: " + osm);
        }
        return config.withOsmFile(osm);
      }
      err.println("map: embedded Monaco extract, © OpenStreetMap contributors (ODbL)");
      return config;
    }
  }

  /** {@code solve}: one Solomon instance. */
  @Command(name = "solve", description = "Solve a Solomon VRPTW instance.")
  public static final class Solve implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--solomon",
        required = true,
        paramLabel = "FILE",
        description = "The instance file.")
    Path file;

    @Option(
        names = "--time-limit",
        defaultValue = "5s",
        paramLabel = "DURATION",
        description = "Default: ${DEFAULT-VALUE}.")
    Duration timeLimit;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
        names = "--threads",
        paramLabel = "N",
        description = "Search threads (default: the solver's).")
    Integer threads;

    @Option(
        names = "--iterations",
        paramLabel = "N",
        description = "Stop after N iterations instead of the time limit.")
    Integer iterations;

    @Option(names = "--json", description = "Print the solution as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      return run(
          spec,
          (out, err) -> {
            SolverConfig config = SolverConfig.defaults().withTimeLimit(timeLimit).withSeed(seed);
            if (threads != null) {
              config = config.withThreads(threads);
            }
            if (iterations != null) {
              config = config.withIterations(iterations);
            }
            SolomonInstance instance = SolomonReader.read(file);
            SolomonSolution s = new SolomonSolver(config).solve(instance);
            if (json) {
              out.println(JSON.writeValueAsString(s));
            } else {
              out.printf(
                  Locale.ROOT,
                  "%s: %d vehicles, distance %.2f, %d unassigned, %d ms (%s)%n",
                  s.instance(),
                  s.vehicles(),
                  s.distance(),
                  s.unassigned(),
                  s.elapsedMs(),
                  s.stoppedBy());
              s.routes().forEach(r -> out.println("  " + r));
            }
            return 0;
          });
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

  /** {@code bench solomon}: every instance of a directory, with OR-Tools alongside on request. */
  @Command(
      name = "solomon",
      description =
          "Solomon benchmark over every instance of a directory (prints a table, writes JSON).")
  public static final class BenchSolomon implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "DIR",
        description = "Directory of Solomon-format instances (and bks.csv).")
    Path dir;

    @Option(
        names = "--time-limit",
        defaultValue = "5s",
        paramLabel = "DURATION",
        description = "Per instance. Default: ${DEFAULT-VALUE}.")
    Duration timeLimit;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
        names = "--threads",
        defaultValue = "0",
        paramLabel = "N",
        description = "0: the solver's default.")
    int threads;

    @Option(
        names = "--iterations",
        defaultValue = "0",
        paramLabel = "N",
        description = "0: stop by the time limit.")
    int iterations;

    @Option(
        names = "--peers",
        description = "Run Google OR-Tools on each instance too, under the same limit.")
    boolean peers;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Where the JSON goes (default: solomon-bench-<limit>ms.json).")
    Path target;

    @Override
    public Integer call() {
      return run(
          spec,
          (out, err) -> {
            SolomonBenchmark.instanceFiles(dir); // fail fast on a missing or empty directory
            SolomonBenchmark.Builder b =
                SolomonBenchmark.builder(dir)
                    .timeLimit(timeLimit)
                    .seed(seed)
                    .threads(threads)
                    .iterations(iterations)
                    .progress(
                        (done, total, row) -> {
                          err.printf(
                              Locale.ROOT,
                              "[%d/%d] %-7s %3d vehicles %9.2f%s%s %6.1f s%n",
                              done,
                              total,
                              row.instance(),
                              row.vehicles(),
                              row.distance(),
                              row.gapPercent() == null
                                  ? ""
                                  : String.format(Locale.ROOT, " (gap %+.2f %%)", row.gapPercent()),
                              row.peer() == null ? "" : peerText(row.peer()),
                              row.elapsedMs() / 1000.0);
                          err.flush();
                        });
            if (peers) {
              b.peer(PeerLoader.orTools());
            }
            BenchmarkReport report = b.build().run();
            out.print(report.toTable());
            Path file =
                target != null
                    ? target
                    : Path.of("solomon-bench-" + timeLimit.toMillis() + "ms.json");
            if (file.toAbsolutePath().getParent() != null) {
              Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, PRETTY.writeValueAsString(report));
            err.println("wrote " + file.toAbsolutePath());
            return 0;
          });
    }

    private static String peerText(BenchmarkRow.PeerRow p) {
      if (p.error() != null) {
        return " | " + p.solver() + " failed";
      }
      return String.format(
          Locale.ROOT,
          " | %s %d vehicles %.2f%s",
          p.solver(),
          p.vehicles(),
          p.distance(),
          p.gapPercent() == null
              ? ""
              : String.format(Locale.ROOT, " (gap %+.2f %%)", p.gapPercent()));
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
