package io.fleetstream.routing.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A driver and vehicle: where the shift starts and ends, when, what the vehicle can carry and what
 * the driver can do, and the breaks the driver must take (see {@link Break}). A null {@code end}
 * means the route ends at its last stop. Breaks are kept sorted by window start (then end). The
 * vehicle's costs, used by {@link Objective#MIN_COST}: {@code fixedCost} for using it at all (a
 * route with at least one stop), {@code costPerKm} per kilometre driven and {@code costPerHour} per
 * hour of route duration (driving, waiting and service, from departure to return or end); all
 * default to 0 and must be finite and &gt;= 0.
 */
public record Driver(
    String id,
    Location start,
    Location end,
    TimeWindow shift,
    Set<String> skills,
    List<Integer> capacity,
    int maxStops,
    List<Break> breaks,
    double fixedCost,
    double costPerKm,
    double costPerHour) {

  public static final int UNLIMITED_STOPS = Integer.MAX_VALUE;

  public Driver {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(start, "start");
    shift = shift == null ? TimeWindow.ALWAYS : shift;
    skills = Skills.normalize(skills);
    capacity = List.copyOf(capacity == null ? List.of() : capacity);
    if (maxStops < 0) {
      throw new IllegalArgumentException("driver " + id + ": maxStops must be >= 0");
    }
    List<Break> sorted = new ArrayList<>(breaks == null ? List.of() : breaks);
    sorted.forEach(b -> Objects.requireNonNull(b, "break"));
    sorted.sort(
        Comparator.comparingDouble((Break b) -> b.window().start())
            .thenComparingDouble(b -> b.window().end()));
    breaks = List.copyOf(sorted);
    requireCost(id, "fixedCost", fixedCost);
    requireCost(id, "costPerKm", costPerKm);
    requireCost(id, "costPerHour", costPerHour);
  }

  /** A driver without costs. */
  public Driver(
      String id,
      Location start,
      Location end,
      TimeWindow shift,
      Set<String> skills,
      List<Integer> capacity,
      int maxStops,
      List<Break> breaks) {
    this(id, start, end, shift, skills, capacity, maxStops, breaks, 0, 0, 0);
  }

  private static void requireCost(String id, String name, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "driver " + id + ": " + name + " must be finite and >= 0, was " + value);
    }
  }

  /** True when the driver has a cost per km or per hour (see {@link Objective#MIN_COST}). */
  public boolean hasVariableCosts() {
    return costPerKm > 0 || costPerHour > 0;
  }

  /** A driver without breaks. */
  public Driver(
      String id,
      Location start,
      Location end,
      TimeWindow shift,
      Set<String> skills,
      List<Integer> capacity,
      int maxStops) {
    this(id, start, end, shift, skills, capacity, maxStops, List.of());
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Capacity in dimension {@code dim}, 0 when not given. */
  public int capacity(int dim) {
    return dim < capacity.size() ? capacity.get(dim) : 0;
  }

  public boolean returnsToEnd() {
    return end != null;
  }

  /** True when the driver has every skill in {@code required} (case-insensitive). */
  public boolean hasSkills(Collection<String> required) {
    return skills.containsAll(Skills.normalize(required));
  }

  /** Fluent construction of a {@link Driver}. */
  public static final class Builder {
    private final String id;
    private Location start;
    private Location end;
    private boolean endSet;
    private TimeWindow shift = TimeWindow.ALWAYS;
    private final Set<String> skills = new TreeSet<>();
    private final List<Integer> capacity = new ArrayList<>();
    private int maxStops = UNLIMITED_STOPS;
    private final List<Break> breaks = new ArrayList<>();
    private double fixedCost;
    private double costPerKm;
    private double costPerHour;

    private Builder(String id) {
      this.id = id;
    }

    /** Start location; also the end location unless {@link #end} or {@link #openEnd} is called. */
    public Builder start(Location start) {
      this.start = start;
      return this;
    }

    public Builder end(Location end) {
      this.end = end;
      this.endSet = true;
      return this;
    }

    /** The route ends at its last stop. */
    public Builder openEnd() {
      this.end = null;
      this.endSet = true;
      return this;
    }

    public Builder shift(double start, double end) {
      this.shift = new TimeWindow(start, end);
      return this;
    }

    public Builder skills(String... skills) {
      this.skills.addAll(List.of(skills));
      return this;
    }

    public Builder skills(Collection<String> skills) {
      this.skills.addAll(skills);
      return this;
    }

    public Builder capacity(int... perDimension) {
      capacity.clear();
      for (int c : perDimension) capacity.add(c);
      return this;
    }

    public Builder maxStops(int maxStops) {
      this.maxStops = maxStops;
      return this;
    }

    /** A break that must start inside {@code window}; may be called once per break. */
    public Builder breakAt(TimeWindow window, double durationSeconds) {
      breaks.add(new Break(window, durationSeconds));
      return this;
    }

    /**
     * The vehicle's costs (see {@link Objective#MIN_COST}): for using it at all, per kilometre
     * driven and per hour of route duration.
     */
    public Builder costs(double fixed, double perKm, double perHour) {
      this.fixedCost = fixed;
      this.costPerKm = perKm;
      this.costPerHour = perHour;
      return this;
    }

    public Driver build() {
      return new Driver(
          id,
          start,
          endSet ? end : start,
          shift,
          skills,
          capacity,
          maxStops,
          breaks,
          fixedCost,
          costPerKm,
          costPerHour);
    }
  }
}
