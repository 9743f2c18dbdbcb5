package io.fleetstream.routing.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the jobs of a re-plan are now, and what moving each costs: a plan that gives a job to a
 * driver other than its incumbent pays the job's move cost (in the objective's units), so a re-plan
 * moves work between drivers only where that saves more than the move costs. A job without an
 * incumbent, or kept on it, costs nothing extra.
 *
 * <p>Why a cost and not a lock: a live plan is re-solved every time the zone changes, and a search
 * that is free to move any job will move many for small gains, each one a new instruction to a
 * driver (the online benchmark counted 157 moves for 90 jobs, one job moved ten times). Locking
 * them instead would keep a plan that has become bad; a cost keeps the large gains.
 *
 * @param jobs each job's current driver and its move cost, by job id
 */
public record Incumbents(Map<String, Incumbent> jobs) {

  /**
   * @param driverId the driver the job has now
   * @param moveCost what giving it to another driver costs, in the objective's units (metres for
   *     {@code min_distance}, seconds for the duration objectives, money for {@code min_cost})
   */
  public record Incumbent(String driverId, double moveCost) {
    public Incumbent {
      Objects.requireNonNull(driverId, "driverId");
      if (!(moveCost >= 0) || Double.isInfinite(moveCost)) {
        throw new IllegalArgumentException(
            "moveCost must be a finite number >= 0, was " + moveCost);
      }
    }
  }

  /** No job has a driver to stay with. */
  public static final Incumbents NONE = new Incumbents(Map.of());

  public Incumbents {
    jobs = Map.copyOf(jobs);
  }

  /** Every job of {@code driverOf} (job id to driver id) with the same move cost. */
  public static Incumbents of(Map<String, String> driverOf, double moveCost) {
    Map<String, Incumbent> jobs = new HashMap<>();
    driverOf.forEach((job, driver) -> jobs.put(job, new Incumbent(driver, moveCost)));
    return new Incumbents(jobs);
  }

  /** True when no plan can pay for a move. */
  public boolean isEmpty() {
    return maxMoveCost() == 0;
  }

  /** The highest move cost of any job (0 without jobs). */
  public double maxMoveCost() {
    return jobs.values().stream().mapToDouble(Incumbent::moveCost).max().orElse(0);
  }

  /** What serving {@code jobId} on {@code driverId} costs on top of the route. */
  public double costOf(String jobId, String driverId) {
    Incumbent i = jobs.get(jobId);
    return i == null || i.driverId().equals(driverId) ? 0 : i.moveCost();
  }
}
