package io.fleetstream.routing.solver;

import io.fleetstream.routing.model.Objective;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything that steers one solve.
 *
 * <p><b>Budget and reproducibility.</b> The search stops after {@code iterations} ruin-and-recreate
 * iterations per worker, or when {@code timeLimit} has passed, whichever comes first. Only a run
 * that stops on its iteration budget is reproducible: the same problem, seed, thread count and
 * iteration budget give the same plan on any machine. A run cut by the wall clock depends on the
 * machine's speed and load. With {@code iterations = 0} the budget is derived from the time limit
 * by a fixed, machine-independent rate ({@link #derivedIterations}), so {@code --time-limit 5s
 * --seed 1} still means the same iterations everywhere; the time limit then only guards a slow or
 * loaded machine, and {@link SolveResult#stoppedBy()} tells which of the two ended the search.
 *
 * @param objective what to minimize
 * @param timeLimit wall-clock guard (null: none)
 * @param iterations iterations per worker (0: derived from the time limit)
 * @param seed random seed of the search
 * @param threads parallel search workers (each runs its own search with its own derived seed)
 * @param vehicleCost cost of using a driver at all, in objective units; a large value makes the
 *     solver use as few drivers as possible first (hierarchical objective)
 * @param fillTimeLimit with a derived budget, keep searching from the best plan until the time
 *     limit when the budget ends early (a fast machine, an easy problem): the whole limit is used
 *     and the run stops on the clock. For benchmarks and batch solves, where the limit is what the
 *     caller gives; the live planner keeps its reproducible budget and returns as soon as it is
 *     spent.
 */
public record SolverConfig(
    Objective objective,
    Duration timeLimit,
    int iterations,
    long seed,
    int threads,
    double vehicleCost,
    boolean fillTimeLimit) {

  /**
   * Iterations per second per worker assumed by the derived budget, for a 100-job problem: about
   * what one core of the reference machine (2 cores, Java 17) completes on Solomon instances when
   * it is not shared with other work (measured 1,400–1,800/s on Solomon R, RC and C instances).
   */
  public static final double REFERENCE_RATE_100_JOBS = 1200;

  /**
   * Above this many jobs the search ruins only a few jobs per iteration (5–15, short strings), so
   * an iteration no longer costs what the 100-job rate scaled by size predicts.
   */
  public static final int LARGE_PROBLEM_JOBS = 120;

  /**
   * Iterations per second per worker assumed for a 200-job problem with 20 drivers, measured like
   * {@link #REFERENCE_RATE_100_JOBS} (2,000–2,600/s once the JIT is warm; 200 jobs on the Monaco
   * roads). Larger problems scale it by (200/jobs)^1.5: measured 1,400/s at 300 jobs, 640/s at 500
   * and 120/s at 1,000 (the drivers grow with the jobs, and some work grows with both).
   */
  public static final double REFERENCE_RATE_200_JOBS = 2000;

  public SolverConfig {
    Objects.requireNonNull(objective, "objective");
    if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0");
    if (iterations == 0 && timeLimit == null) {
      throw new IllegalArgumentException("give a time limit, an iteration budget, or both");
    }
    if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero())) {
      throw new IllegalArgumentException("time limit must be positive");
    }
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
    if (!(vehicleCost >= 0)) throw new IllegalArgumentException("vehicle cost must be >= 0");
  }

  /** Defaults: min duration, 10 s, seed 1, all cores, no vehicle cost. */
  public static SolverConfig defaults() {
    return new SolverConfig(
        Objective.MIN_DURATION,
        Duration.ofSeconds(10),
        0,
        1L,
        Runtime.getRuntime().availableProcessors(),
        0,
        false);
  }

  /**
   * The iteration budget per worker for a problem of {@code jobs} jobs: the explicit budget, or a
   * machine-independent estimate of what one worker completes within the time limit. Up to {@link
   * #LARGE_PROBLEM_JOBS} insertion work grows about linearly with the number of jobs per iteration,
   * so the rate scales with 100/jobs; above it see {@link #REFERENCE_RATE_200_JOBS}.
   *
   * <p>The estimate matters beyond when the search stops: the acceptance threshold cools over the
   * budget, so a budget far above what the clock allows leaves a time-limited search wandering when
   * it is cut (200 jobs in 2 s: 1,200 iterations budgeted at 600/s while an iteration then cost 3
   * ms; the plan was 4–8 % above a 60 s one).
   */
  public int derivedIterations(int jobs) {
    if (iterations > 0) return iterations;
    double rate =
        jobs > LARGE_PROBLEM_JOBS
            ? REFERENCE_RATE_200_JOBS * Math.pow(200.0 / jobs, 1.5)
            : REFERENCE_RATE_100_JOBS * 100.0 / Math.max(20, jobs);
    long n = Math.round(rate * timeLimit.toMillis() / 1000.0);
    return (int) Math.max(10, Math.min(Integer.MAX_VALUE, n));
  }

  public SolverConfig withObjective(Objective o) {
    return new SolverConfig(o, timeLimit, iterations, seed, threads, vehicleCost, fillTimeLimit);
  }

  public SolverConfig withTimeLimit(Duration d) {
    return new SolverConfig(objective, d, iterations, seed, threads, vehicleCost, fillTimeLimit);
  }

  public SolverConfig withIterations(int n) {
    return new SolverConfig(objective, timeLimit, n, seed, threads, vehicleCost, fillTimeLimit);
  }

  public SolverConfig withSeed(long s) {
    return new SolverConfig(
        objective, timeLimit, iterations, s, threads, vehicleCost, fillTimeLimit);
  }

  public SolverConfig withThreads(int t) {
    return new SolverConfig(objective, timeLimit, iterations, seed, t, vehicleCost, fillTimeLimit);
  }

  /** See {@code fillTimeLimit} above; only acts with a time limit and a derived budget. */
  public SolverConfig withFillTimeLimit(boolean fill) {
    return new SolverConfig(objective, timeLimit, iterations, seed, threads, vehicleCost, fill);
  }

  /** True when the search should run on after its derived budget until the time limit. */
  public boolean fillsTimeLimit() {
    return fillTimeLimit && iterations == 0 && timeLimit != null;
  }

  public SolverConfig withVehicleCost(double c) {
    return new SolverConfig(objective, timeLimit, iterations, seed, threads, c, fillTimeLimit);
  }
}
