package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.bench.Charts;
import io.fleetstream.routing.solomon.BenchmarkInstance;
import io.fleetstream.routing.solomon.BenchmarkReport;
import io.fleetstream.routing.solomon.BenchmarkRow;
import io.fleetstream.routing.solomon.InstanceBenchmark;
import io.fleetstream.routing.solomon.InstanceFormat;
import io.fleetstream.routing.solomon.LiLimReader;
import io.fleetstream.routing.solomon.SolomonReader;
import io.fleetstream.routing.solomon.SolomonSolution;
import io.fleetstream.routing.solomon.SolomonSolver;
import io.fleetstream.routing.solomon.peers.PeerLoader;
import io.fleetstream.routing.solver.SolverConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The benchmark-instance commands: {@code solve} one Solomon, Gehring–Homberger or Li & Lim file,
 * {@code bench solomon|lilim} a directory of them (table, JSON, PNG).
 */
public final class InstanceCommands {

  private InstanceCommands() {}

  /** Exactly one instance file, with its format. */
  static final class InstanceFile {
    @Option(
        names = "--solomon",
        required = true,
        paramLabel = "FILE",
        description =
            "A Solomon or Gehring–Homberger VRPTW file, in Solomon's text format or VRPLIB's"
                + " (.vrp, as CVRPLIB and PyVRP publish them).")
    Path solomon;

    @Option(
        names = "--lilim",
        required = true,
        paramLabel = "FILE",
        description =
            "A Li & Lim PDPTW file (routes are printed as the file's task numbers, pickups and"
                + " deliveries).")
    Path lilim;

    BenchmarkInstance read() throws java.io.IOException {
      return solomon != null ? SolomonReader.read(solomon) : LiLimReader.read(lilim);
    }
  }

  /** The search settings both commands take. */
  static final class SearchOptions {
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
        paramLabel = "N",
        description = "Search threads (default: one per core). Use 1 to compare with OR-Tools.")
    Integer threads;

    @Option(
        names = "--iterations",
        paramLabel = "N",
        description = "Stop after N iterations per thread instead of the time limit's budget.")
    Integer iterations;

    SolverConfig config() {
      SolverConfig config = SolverConfig.defaults().withTimeLimit(timeLimit).withSeed(seed);
      if (threads != null) config = config.withThreads(threads);
      if (iterations != null) config = config.withIterations(iterations);
      return config;
    }
  }

  /** {@code solve}: one instance. */
  @Command(
      name = "solve",
      description = "Solve one Solomon, Gehring–Homberger or Li & Lim benchmark instance.")
  public static final class Solve implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    InstanceFile file;

    @picocli.CommandLine.Mixin SearchOptions search;

    @Option(names = "--json", description = "Print the solution as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      return RoutingCommands.run(
          spec,
          (out, err) -> {
            SolomonSolution s = new SolomonSolver(search.config()).solve(file.read());
            if (json) {
              out.println(RoutingCommands.JSON.writeValueAsString(s));
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

  /** What {@code bench solomon} and {@code bench lilim} share; only the format differs. */
  abstract static class BenchInstances implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Directory of instance files (and bks.csv).")
    Path dir;

    @picocli.CommandLine.Mixin SearchOptions search;

    @Option(
        names = "--peers",
        description = "Run Google OR-Tools on each instance too, under the same limit.")
    boolean peers;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description =
            "Where the JSON goes (default: <format>-bench-<limit>ms.json); the chart goes beside"
                + " it as .png.")
    Path target;

    abstract InstanceFormat format();

    @Override
    public Integer call() {
      return RoutingCommands.run(
          spec,
          (out, err) -> {
            InstanceBenchmark.instanceFiles(dir); // fail fast on a missing or empty directory
            String name = format().name().toLowerCase(Locale.ROOT).replace("_", "");
            InstanceBenchmark.Builder b =
                InstanceBenchmark.builder(dir)
                    .format(format())
                    .timeLimit(search.timeLimit)
                    .seed(search.seed)
                    .threads(search.threads == null ? 0 : search.threads)
                    .iterations(search.iterations == null ? 0 : search.iterations)
                    .progress(
                        (done, total, row) -> {
                          err.printf(
                              Locale.ROOT,
                              "[%d/%d] %-9s %s%s%n",
                              done,
                              total,
                              row.instance(),
                              progressText(row.ours(), row),
                              row.peer() == null
                                  ? ""
                                  : " | "
                                      + row.peer().solver()
                                      + " "
                                      + progressText(row.peer(), row));
                          err.flush();
                        });
            if (peers) b.peer(PeerLoader.orTools());
            BenchmarkReport report = b.build().run();
            out.print(report.toTable());
            Path file =
                target != null
                    ? target
                    : Path.of(name + "-bench-" + search.timeLimit.toMillis() + "ms.json");
            if (file.toAbsolutePath().getParent() != null) {
              Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, RoutingCommands.PRETTY.writeValueAsString(report));
            Path png = Path.of(file.toString().replaceFirst("\\.json$", "") + ".png");
            Path dirName = dir.toAbsolutePath().normalize().getFileName();
            Charts.instanceBenchmark(report, dirName == null ? name : dirName.toString(), png);
            err.println("wrote " + file.toAbsolutePath() + " and " + png.getFileName());
            return 0;
          });
    }

    private static String progressText(BenchmarkRow.Result r, BenchmarkRow row) {
      if (r.error() != null) return "failed: " + r.error();
      return String.format(
          Locale.ROOT,
          "%3d vehicles%s %9.2f%s %6.1f s",
          r.vehicles(),
          row.bksVehicles() == null ? "" : " (best " + row.bksVehicles() + ")",
          r.distance(),
          r.gapPercent() == null
              ? (r.complete() ? "" : " INCOMPLETE")
              : String.format(Locale.ROOT, " (gap %+.2f %%)", r.gapPercent()),
          r.elapsedMs() / 1000.0);
    }
  }

  /** {@code bench solomon}: Solomon or Gehring–Homberger files. */
  @Command(
      name = "solomon",
      description =
          "Benchmark over every Solomon or Gehring–Homberger file of a directory (.txt, or VRPLIB"
              + " .vrp as CVRPLIB and PyVRP publish them; table, JSON, PNG).")
  public static final class BenchSolomon extends BenchInstances {
    @Override
    InstanceFormat format() {
      return InstanceFormat.SOLOMON;
    }
  }

  /** {@code bench lilim}: Li & Lim files. */
  @Command(
      name = "lilim",
      description = "Benchmark over every Li & Lim PDPTW file of a directory (table, JSON, PNG).")
  public static final class BenchLiLim extends BenchInstances {
    @Override
    InstanceFormat format() {
      return InstanceFormat.LI_LIM;
    }
  }
}
