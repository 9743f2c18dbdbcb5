package io.fleetstream.routing.solver;

import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.solver.internal.SolverEngine;
import java.time.Duration;
import java.util.Objects;

/**
 * The VRPTW solver: time windows, skills, multi-dimensional capacities, priorities, pickup→dropoff
 * pairs, shifts, max stops, locked stops and warm starts, on jsprit's ruin-and-recreate search.
 *
 * <pre>{@code
 * SolveResult r = VrpSolver.builder()
 *         .objective(Objective.MIN_DURATION)
 *         .timeLimit(Duration.ofSeconds(2))
 *         .seed(7)
 *         .matrices(roadNetwork)   // or EuclideanMatrix / HaversineMatrix
 *         .build()
 *         .solve(problem);
 * }</pre>
 *
 * <p>Thread-safe: one instance may solve many problems concurrently.
 */
public final class VrpSolver {

  private final SolverConfig config;
  private final MatrixProvider matrices;
  private final RouteGeometry geometry;

  private VrpSolver(Builder b) {
    this.config = b.config;
    this.matrices = b.matrices;
    this.geometry = b.geometry;
  }

  public static Builder builder() {
    return new Builder();
  }

  public SolverConfig config() {
    return config;
  }

  public SolveResult solve(Problem problem) {
    return solve(problem, null);
  }

  /**
   * Solves starting from an existing plan. The result is never worse (under the objective) than the
   * given plan's feasible part: stops that no longer fit are dropped from the start routes.
   */
  public SolveResult solve(Problem problem, Plan warmStart) {
    Objects.requireNonNull(problem, "problem");
    return new SolverEngine(config, matrices, geometry).solve(problem, warmStart);
  }

  /** Fluent configuration of a {@link VrpSolver}. */
  public static final class Builder {
    private SolverConfig config = SolverConfig.defaults();
    private MatrixProvider matrices = new HaversineMatrix(1.3, 30);
    private RouteGeometry geometry = RouteGeometry.STRAIGHT;

    private Builder() {}

    public Builder config(SolverConfig config) {
      this.config = Objects.requireNonNull(config);
      return this;
    }

    public Builder objective(Objective objective) {
      config = config.withObjective(objective);
      return this;
    }

    /** Wall-clock limit; also sets the derived iteration budget when none is given. */
    public Builder timeLimit(Duration limit) {
      config = config.withTimeLimit(limit);
      return this;
    }

    /** Iterations per worker: with it, results are reproducible under a seed. */
    public Builder iterations(int iterations) {
      config = config.withIterations(iterations);
      return this;
    }

    public Builder seed(long seed) {
      config = config.withSeed(seed);
      return this;
    }

    public Builder threads(int threads) {
      config = config.withThreads(threads);
      return this;
    }

    /** Cost of using a driver; large values minimize the number of drivers first. */
    public Builder vehicleCost(double cost) {
      config = config.withVehicleCost(cost);
      return this;
    }

    /** Where travel times and distances come from (default: great circle × 1.3 at 30 km/h). */
    public Builder matrices(MatrixProvider provider) {
      this.matrices = Objects.requireNonNull(provider);
      return this;
    }

    /** How route polylines are drawn (default: straight segments between stops). */
    public Builder geometry(RouteGeometry geometry) {
      this.geometry = Objects.requireNonNull(geometry);
      return this;
    }

    public VrpSolver build() {
      return new VrpSolver(this);
    }
  }
}
