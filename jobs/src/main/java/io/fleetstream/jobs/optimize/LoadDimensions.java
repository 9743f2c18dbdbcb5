package io.fleetstream.jobs.optimize;

import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.Load;
import io.fleetstream.schemas.events.Vehicle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The capacity dimensions of one optimization run: weight, volume and item count, each only when
 * some job of the run states it, in the whole units the engine counts (0.1 kg, litres, items).
 * Demand is rounded up and capacity down, so a plan the engine finds feasible is feasible in the
 * contract's units too. A vehicle that leaves a dimension out carries any amount of it.
 */
public final class LoadDimensions {

  /** Capacity of a vehicle that does not limit a dimension. */
  static final int UNLIMITED = 1_000_000_000;

  /**
   * The most one job counts for in a dimension (100 t, 1,000 m³, a million items; more than any
   * road vehicle carries): the engine adds loads in {@code int}s, and this keeps a route of two
   * thousand of the largest jobs from overflowing.
   */
  static final int MAX_DEMAND = 1_000_000;

  private record Dimension(String name, double unitsPerContractUnit, ToDoubleFunction<Load> of) {}

  private static final List<Dimension> DIMENSIONS =
      List.of(
          new Dimension("weight_kg", 10, l -> l.weightKg() == null ? Double.NaN : l.weightKg()),
          new Dimension("volume_m3", 1000, l -> l.volumeM3() == null ? Double.NaN : l.volumeM3()),
          new Dimension("count", 1, l -> l.count() == null ? Double.NaN : l.count()));

  /**
   * All three dimensions, whatever the jobs state: what live decisions and re-plans use, so that
   * the new job, the jobs already on routes and the vans are measured alike from one decision to
   * the next (a dimension no job states costs nothing: every demand in it is 0).
   */
  public static final LoadDimensions ALL = new LoadDimensions(DIMENSIONS);

  private final List<Dimension> used;

  private LoadDimensions(List<Dimension> used) {
    this.used = used;
  }

  /** The dimensions some job's load states. */
  static LoadDimensions of(List<JobData> jobs) {
    List<Dimension> used = new ArrayList<>();
    for (Dimension d : DIMENSIONS) {
      if (jobs.stream().anyMatch(j -> !Double.isNaN(d.of().applyAsDouble(j.load())))) {
        used.add(d);
      }
    }
    return new LoadDimensions(used);
  }

  boolean isEmpty() {
    return used.isEmpty();
  }

  /** The job's demand per dimension, rounded up; 0 where it states none. */
  public int[] demand(JobData job) {
    Load load = job.load();
    int[] out = new int[used.size()];
    for (int i = 0; i < out.length; i++) {
      double v = used.get(i).of().applyAsDouble(load);
      out[i] =
          Double.isNaN(v)
              ? 0
              : (int)
                  Math.min(MAX_DEMAND, Math.ceil(v * used.get(i).unitsPerContractUnit() - 1e-9));
    }
    return out;
  }

  /**
   * The vehicle's capacity per dimension, rounded down; {@link #UNLIMITED} where it states none.
   */
  public int[] capacity(Vehicle vehicle) {
    Load capacity = vehicle == null || vehicle.capacity() == null ? Load.NONE : vehicle.capacity();
    int[] out = new int[used.size()];
    for (int i = 0; i < out.length; i++) {
      double v = used.get(i).of().applyAsDouble(capacity);
      out[i] =
          Double.isNaN(v)
              ? UNLIMITED
              : (int)
                  Math.min(UNLIMITED, Math.floor(v * used.get(i).unitsPerContractUnit() + 1e-9));
    }
    return out;
  }
}
