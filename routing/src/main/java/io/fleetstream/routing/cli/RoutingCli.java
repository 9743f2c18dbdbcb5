package io.fleetstream.routing.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetstream.routing.road.MatrixBenchmark;
import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.solomon.BenchmarkReport;
import io.fleetstream.routing.solomon.PeerSolver;
import io.fleetstream.routing.solomon.SolomonBenchmark;
import io.fleetstream.routing.solomon.SolomonFormatException;
import io.fleetstream.routing.solomon.SolomonInstance;
import io.fleetstream.routing.solomon.SolomonReader;
import io.fleetstream.routing.solomon.SolomonSolution;
import io.fleetstream.routing.solomon.SolomonSolver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The routing commands as plain methods ({@code solve}, {@code bench}, {@code matrix}), so a
 * picocli launcher can delegate to {@link #run} or call the APIs behind them directly. Exit codes:
 * 0 ok, 1 failure while running, 2 bad input file, 64 bad arguments.
 */
public final class RoutingCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int USAGE = 64;

    static final String USAGE_TEXT = """
            usage:
              solve --solomon FILE [--time-limit 5s] [--seed 1] [--threads N] [--iterations N] [--json]
              bench solomon DIR [--time-limit 5s] [--seed 1] [--threads N] [--peers] [--out FILE]
              bench road [--osm FILE] [--data-dir DIR] [--jobs 200] [--drivers 20] [--short 2s] [--long 60s] [--seed 1]
              matrix [--osm FILE] [--data-dir DIR] --points N [--seed S] [--threads N] [--json]
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RoutingCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "solve" -> solve(rest, out, err);
                case "bench" -> bench(rest, out, err);
                case "matrix" -> matrix(rest, out, err);
                default -> throw new Args.UsageException("unknown command '" + args[0] + "'");
            };
        } catch (Args.UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            err.println("error: no such file: " + e.getMessage().replace("no such Solomon file: ", ""));
            return BAD_INPUT;
        } catch (SolomonFormatException e) {
            err.println("error: malformed Solomon file: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("error: " + e);
            return BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("error: " + e);
            return FAILED;
        }
    }

    static int solve(String[] a, PrintStream out, PrintStream err) throws IOException {
        Args args = new Args(a, Set.of("solomon", "time-limit", "seed", "threads", "iterations"), Set.of("json"));
        if (!args.positional.isEmpty()) throw new Args.UsageException("unexpected argument " + args.positional.get(0));
        String file = args.get("solomon");
        if (file == null) throw new Args.UsageException("solve needs --solomon FILE");
        var config = io.fleetstream.routing.solver.SolverConfig.defaults()
                .withTimeLimit(args.getDuration("time-limit", Duration.ofSeconds(5)))
                .withSeed(args.getLong("seed", 1));
        if (args.get("threads") != null) config = config.withThreads((int) args.getLong("threads", 1));
        if (args.get("iterations") != null) config = config.withIterations((int) args.getLong("iterations", 0));
        SolomonInstance inst = SolomonReader.read(Path.of(file));
        SolomonSolution s = new SolomonSolver(config).solve(inst);
        if (args.flag("json")) {
            out.println(json(s));
        } else {
            out.printf(Locale.ROOT, "%s: %d vehicles, distance %.2f, %d unassigned, %d ms (%s)%n", s.instance(),
                    s.vehicles(), s.distance(), s.unassigned(), s.elapsedMs(), s.stoppedBy());
            for (var r : s.routes()) out.println("  " + r);
        }
        return OK;
    }

    static int bench(String[] a, PrintStream out, PrintStream err) throws IOException {
        if (a.length > 0 && a[0].equals("road")) return benchRoad(Arrays.copyOfRange(a, 1, a.length), out, err);
        Args args = new Args(a, Set.of("time-limit", "seed", "threads", "iterations", "out"), Set.of("peers"));
        if (args.positional.size() != 2 || !args.positional.get(0).equals("solomon")) {
            throw new Args.UsageException("bench needs 'solomon DIR'");
        }
        Path dir = Path.of(args.positional.get(1));
        SolomonBenchmark.instanceFiles(dir); // fail fast on a missing or empty directory
        Duration limit = args.getDuration("time-limit", Duration.ofSeconds(5));
        SolomonBenchmark.Builder b = SolomonBenchmark.builder(dir).timeLimit(limit).seed(args.getLong("seed", 1))
                .threads((int) args.getLong("threads", 0)).iterations((int) args.getLong("iterations", 0))
                .progress((done, total, row) -> err.printf(Locale.ROOT, "[%d/%d] %-7s %3d vehicles %9.2f%s%s %6.1f s%n",
                        done, total, row.instance(), row.vehicles(), row.distance(),
                        row.gapPercent() == null ? "" : String.format(Locale.ROOT, " (gap %+.2f %%)", row.gapPercent()),
                        row.peer() == null ? "" : peerText(row.peer()), row.elapsedMs() / 1000.0));
        if (args.flag("peers")) b.peer(orTools());
        BenchmarkReport report = b.build().run();
        out.print(report.toTable());
        Path target = Path.of(args.get("out") != null ? args.get("out")
                : "solomon-bench-" + limit.toMillis() + "ms.json");
        if (target.getParent() != null) Files.createDirectories(target.getParent());
        Files.writeString(target, PRETTY.writeValueAsString(report));
        err.println("wrote " + target.toAbsolutePath());
        return OK;
    }

    static int benchRoad(String[] a, PrintStream out, PrintStream err) throws JsonProcessingException {
        Args args = new Args(a, Set.of("osm", "data-dir", "jobs", "drivers", "short", "long", "seed"), Set.of());
        if (!args.positional.isEmpty()) throw new Args.UsageException("unexpected argument " + args.positional.get(0));
        RoadConfig config = roadConfig(args, err);
        try (var net = io.fleetstream.routing.road.RoadNetwork.load(config)) {
            var result = io.fleetstream.routing.road.RoadSolveBenchmark.run(net, (int) args.getLong("jobs", 200),
                    (int) args.getLong("drivers", 20), args.getLong("seed", 1),
                    args.getDuration("short", Duration.ofSeconds(2)), args.getDuration("long", Duration.ofSeconds(60)));
            out.println(PRETTY.writeValueAsString(result));
        }
        return OK;
    }

    private static RoadConfig roadConfig(Args args, PrintStream err) {
        RoadConfig config = RoadConfig.defaults();
        if (args.get("data-dir") != null) config = config.withDataDir(Path.of(args.get("data-dir")));
        if (args.get("threads") != null) config = config.withThreads((int) args.getLong("threads", 1));
        if (args.get("osm") != null) {
            Path osm = Path.of(args.get("osm"));
            if (!Files.isRegularFile(osm)) throw new IllegalArgumentException("no such OSM file: " + osm);
            config = config.withOsmFile(osm);
        } else {
            err.println("map: embedded Monaco extract, © OpenStreetMap contributors (ODbL)");
        }
        return config;
    }

    static int matrix(String[] a, PrintStream out, PrintStream err) throws JsonProcessingException {
        Args args = new Args(a, Set.of("osm", "data-dir", "points", "seed", "threads"), Set.of("json"));
        if (!args.positional.isEmpty()) throw new Args.UsageException("unexpected argument " + args.positional.get(0));
        if (args.get("points") == null) throw new Args.UsageException("matrix needs --points N");
        RoadConfig config = roadConfig(args, err);
        MatrixBenchmark.Summary s = MatrixBenchmark.run(config, (int) args.getLong("points", 0), args.getLong("seed", 1));
        if (args.flag("json")) {
            out.println(json(s));
        } else {
            out.printf(Locale.ROOT, "%d×%d matrix in %d ms (%d unreachable pairs), graph loaded in %d ms%n",
                    s.points(), s.points(), s.elapsedMs(), s.unreachable(), s.loadMs());
        }
        return OK;
    }

    /** The OR-Tools peer (from the classpath or the launcher's peers folder), or a clear error. */
    static PeerSolver orTools() {
        return io.fleetstream.routing.solomon.peers.PeerLoader.orTools();
    }

    private static String peerText(io.fleetstream.routing.solomon.BenchmarkRow.PeerRow p) {
        if (p.error() != null) return " | " + p.solver() + " failed";
        return String.format(Locale.ROOT, " | %s %d vehicles %.2f%s", p.solver(), p.vehicles(), p.distance(),
                p.gapPercent() == null ? "" : String.format(Locale.ROOT, " (gap %+.2f %%)", p.gapPercent()));
    }

    static String json(Object o) throws JsonProcessingException {
        return JSON.writeValueAsString(o);
    }
}
