package io.fleetstream.routing.solomon;

import io.fleetstream.routing.check.FeasibilityChecker;
import io.fleetstream.routing.check.FeasibilityReport;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.SolverConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Runs the solver over every instance file ({@code *.txt}) of a directory under one time limit,
 * measures each plan with the independent checker, compares with the best-known solutions and
 * optionally with a peer optimizer on the same instance and limit. Each row says whether the solver
 * was tuned on the instance ({@link TuningSet}).
 */
public final class InstanceBenchmark {

  /** Called after each instance (e.g. to print progress). */
  @FunctionalInterface
  public interface ProgressListener {
    void onInstance(int done, int total, BenchmarkRow row);
  }

  private static final String OURS = "fleetstream";

  private final Path dir;
  private final InstanceFormat format;
  private final SolverConfig config;
  private final PeerSolver peer;
  private final ProgressListener listener;

  private InstanceBenchmark(Builder b) {
    this.dir = b.dir;
    this.format = b.format;
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

  /** The instance files of a directory, sorted by name. */
  public static List<Path> instanceFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir))
      throw new java.io.FileNotFoundException("no such directory: " + dir);
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(InstanceBenchmark::isInstanceFile).sorted().toList();
      if (files.isEmpty())
        throw new java.io.FileNotFoundException("no instance *.txt or *.vrp files in " + dir);
      return files;
    }
  }

  /** Solomon-format {@code .txt} files, or VRPLIB {@code .vrp} files (VRPTW). */
  private static boolean isInstanceFile(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return (name.endsWith(".txt") || name.endsWith(".vrp")) && Files.isRegularFile(p);
  }

  public BenchmarkReport run() throws IOException {
    List<Path> files = instanceFiles(dir);
    List<BenchmarkInstance> instances = new ArrayList<>();
    for (Path f : files) instances.add(format.read(f));
    BestKnown bks = BestKnown.forDirectory(dir);
    SolomonSolver solver = new SolomonSolver(config);
    List<BenchmarkRow> rows = new ArrayList<>();
    for (BenchmarkInstance inst : instances) {
      var known = bks.get(inst.name()).orElse(null);
      Judge judge = Judge.of(inst, known);
      resetHeapPeaks();
      long cpu0 = processCpuNanos();
      SolveResult result = solver.solveToResult(inst);
      long cpuMs = (processCpuNanos() - cpu0) / 1_000_000;
      long heapPeakMib = heapPeakBytes() / (1024 * 1024);
      SolomonSolution s = SolomonSolver.summarize(inst, result);
      BenchmarkRow.Result ours = judge.measure(OURS, result.plan(), s, cpuMs);
      BenchmarkRow.Result peerResult = peer == null ? null : runPeer(inst, judge);
      BenchmarkRow row =
          new BenchmarkRow(
              inst.name(),
              inst.family(),
              !TuningSet.contains(inst.name()),
              known == null ? null : known.vehicles(),
              known == null ? null : known.distance(),
              ours,
              heapPeakMib,
              peerResult);
      rows.add(row);
      if (listener != null) listener.onInstance(rows.size(), instances.size(), row);
    }
    return new BenchmarkReport(
        format.name().toLowerCase(Locale.ROOT),
        config.timeLimit().toMillis(),
        config.seed(),
        config.threads(),
        machine(),
        rows,
        BenchmarkReport.summarize(rows));
  }

  private BenchmarkRow.Result runPeer(BenchmarkInstance inst, Judge judge) {
    try {
      long cpu0 = processCpuNanos();
      SolomonSolution p = peer.solve(inst, config.timeLimit());
      long cpuMs = (processCpuNanos() - cpu0) / 1_000_000;
      Plan plan = SolomonPlans.fromRoutes(inst, p.routes());
      return judge.measure(peer.name(), plan, p, cpuMs);
    } catch (RuntimeException | LinkageError e) {
      return BenchmarkRow.Result.failed(
          peer.name(), judge.problem().jobs().size(), String.valueOf(e.getMessage()));
    }
  }

  /**
   * What every result on one instance is measured with, built once per instance: the problem, the
   * independent checker on its matrix, and the best-known solution.
   */
  private record Judge(Problem problem, FeasibilityChecker checker, BestKnown.Entry known) {

    static Judge of(BenchmarkInstance inst, BestKnown.Entry known) {
      Problem problem = inst.toProblem();
      return new Judge(
          problem,
          new FeasibilityChecker(EuclideanMatrix.unitSpeed().matrix(problem.locations())),
          known);
    }

    /** A solver's result with the distance and the verdict of the independent checker. */
    BenchmarkRow.Result measure(String solver, Plan plan, SolomonSolution s, long cpuMs) {
      FeasibilityReport check = checker.check(problem, plan);
      boolean complete = check.feasible() && plan.unassigned().isEmpty();
      Double gap =
          known == null || !complete ? null : 100.0 * (check.distance() / known.distance() - 1);
      return new BenchmarkRow.Result(
          solver,
          s.vehicles(),
          check.distance(),
          gap,
          plan.unassigned().size(),
          check.feasible(),
          s.elapsedMs(),
          cpuMs,
          s.stoppedBy(),
          null);
    }
  }

  private static void resetHeapPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
    }
  }

  private static long heapPeakBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null)
        sum += pool.getPeakUsage().getUsed();
    }
    return sum;
  }

  /** CPU time of the whole process (every thread, GC and JIT included), or 0 when unknown. */
  static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime())
        : 0;
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

  /** Fluent configuration of an {@link InstanceBenchmark}. */
  public static final class Builder {
    private final Path dir;
    private InstanceFormat format = InstanceFormat.SOLOMON;
    private Duration timeLimit = Duration.ofSeconds(5);
    private long seed = 1;
    private int threads;
    private int iterations;
    private PeerSolver peer;
    private ProgressListener listener;

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir);
    }

    /** The files' format (default: Solomon, which also reads Gehring–Homberger). */
    public Builder format(InstanceFormat f) {
      this.format = Objects.requireNonNull(f);
      return this;
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

    public InstanceBenchmark build() {
      return new InstanceBenchmark(this);
    }
  }
}
