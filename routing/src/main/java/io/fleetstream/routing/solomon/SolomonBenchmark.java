package io.fleetstream.routing.solomon;

import io.fleetstream.routing.check.FeasibilityChecker;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.SolverConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Runs the solver over every Solomon file ({@code *.txt}) of a directory under one time limit,
 * checks each plan with the independent checker, compares with the best-known solutions and
 * optionally with a peer optimizer on the same instance and limit.
 */
public final class SolomonBenchmark {

  /** Called after each instance (e.g. to print progress). */
  @FunctionalInterface
  public interface ProgressListener {
    void onInstance(int done, int total, BenchmarkRow row);
  }

  private final Path dir;
  private final SolverConfig config;
  private final PeerSolver peer;
  private final ProgressListener listener;

  private SolomonBenchmark(Builder b) {
    this.dir = b.dir;
    SolverConfig c = SolverConfig.defaults().withTimeLimit(b.timeLimit).withSeed(b.seed);
    if (b.threads > 0) c = c.withThreads(b.threads);
    if (b.iterations > 0) c = c.withIterations(b.iterations);
    this.config = c;
    this.peer = b.peer;
    this.listener = b.listener;
  }

  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** Shorthand for the common case: all cores, no peer. */
  public static BenchmarkReport run(
      Path dir, Duration timeLimit, long seed, ProgressListener listener) throws IOException {
    return builder(dir).timeLimit(timeLimit).seed(seed).progress(listener).build().run();
  }

  /** The instance files of a directory, sorted by name. */
  public static List<Path> instanceFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir))
      throw new java.io.FileNotFoundException("no such directory: " + dir);
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files =
          s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt"))
              .sorted()
              .toList();
      if (files.isEmpty())
        throw new java.io.FileNotFoundException("no Solomon *.txt files in " + dir);
      return files;
    }
  }

  public BenchmarkReport run() throws IOException {
    List<Path> files = instanceFiles(dir);
    List<SolomonInstance> instances = new ArrayList<>();
    for (Path f : files) instances.add(SolomonReader.read(f));
    BestKnown bks = BestKnown.forDirectory(dir);
    SolomonSolver solver = new SolomonSolver(config);
    List<BenchmarkRow> rows = new ArrayList<>();
    for (SolomonInstance inst : instances) {
      SolveResult result = solver.solveToResult(inst);
      SolomonSolution s = SolomonSolver.summarize(inst, result);
      boolean feasible = feasible(inst, result.plan());
      var known = bks.get(inst.name());
      Double gap = known.map(k -> 100.0 * (s.distance() / k.distance() - 1)).orElse(null);
      BenchmarkRow.PeerRow peerRow = peer == null ? null : runPeer(inst, known.orElse(null));
      BenchmarkRow row =
          new BenchmarkRow(
              inst.name(),
              s.vehicles(),
              s.distance(),
              known.map(BestKnown.Entry::vehicles).orElse(null),
              known.map(BestKnown.Entry::distance).orElse(null),
              gap,
              s.elapsedMs(),
              s.unassigned(),
              feasible,
              s.stoppedBy(),
              peerRow);
      rows.add(row);
      if (listener != null) listener.onInstance(rows.size(), instances.size(), row);
    }
    return new BenchmarkReport(
        config.timeLimit().toMillis(),
        config.seed(),
        config.threads(),
        machine(),
        rows,
        BenchmarkReport.Summary.of(rows));
  }

  private BenchmarkRow.PeerRow runPeer(SolomonInstance inst, BestKnown.Entry known) {
    try {
      SolomonSolution p = peer.solve(inst, config.timeLimit());
      Plan plan = SolomonPlans.fromRoutes(inst, p.routes());
      boolean ok = feasible(inst, plan);
      Double gap = known == null ? null : 100.0 * (p.distance() / known.distance() - 1);
      return new BenchmarkRow.PeerRow(
          peer.name(), p.vehicles(), p.distance(), gap, p.elapsedMs(), p.unassigned(), ok, null);
    } catch (RuntimeException | LinkageError e) {
      return new BenchmarkRow.PeerRow(
          peer.name(),
          0,
          0,
          null,
          0,
          inst.customers().size(),
          false,
          String.valueOf(e.getMessage()));
    }
  }

  private static boolean feasible(SolomonInstance inst, Plan plan) {
    Problem problem = inst.toProblem();
    return new FeasibilityChecker(EuclideanMatrix.unitSpeed().matrix(problem.locations()))
        .check(problem, plan)
        .feasible();
  }

  /** A one-line description of the machine for reports. */
  public static String machine() {
    return String.format(
        Locale.ROOT,
        "%d cores, %d MiB max heap, Java %s, %s %s",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  /** Fluent configuration of a {@link SolomonBenchmark}. */
  public static final class Builder {
    private final Path dir;
    private Duration timeLimit = Duration.ofSeconds(5);
    private long seed = 1;
    private int threads;
    private int iterations;
    private PeerSolver peer;
    private ProgressListener listener;

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir);
    }

    public Builder timeLimit(Duration d) {
      this.timeLimit = d;
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Search workers (default: all cores). */
    public Builder threads(int t) {
      this.threads = t;
      return this;
    }

    /** Iterations per worker instead of the budget derived from the time limit. */
    public Builder iterations(int n) {
      this.iterations = n;
      return this;
    }

    public Builder peer(PeerSolver p) {
      this.peer = p;
      return this;
    }

    public Builder progress(ProgressListener l) {
      this.listener = l;
      return this;
    }

    public SolomonBenchmark build() {
      return new SolomonBenchmark(this);
    }
  }
}
