package io.fleetstream.routing.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Work to be done: one stop, or a pickup→dropoff pair served by the same driver in that order.
 *
 * <p>Demand has one value per capacity dimension. For a single-stop job the load is on board from
 * the start of the route until the stop (a delivery); for a pair it is on board from the pickup to
 * the dropoff. Priority runs from 1 (most important) to 10: when not every job fits, the solver
 * drops low-priority jobs first. Skills are case-insensitive (stored in lower case).
 */
public record Job(
    String id,
    Stop pickup,
    Stop stop,
    List<Integer> demand,
    Set<String> requiredSkills,
    int priority) {

  public static final int DEFAULT_PRIORITY = 2;

  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(stop, "stop");
    demand = List.copyOf(demand == null ? List.of() : demand);
    for (int d : demand) {
      if (d < 0) {
        throw new IllegalArgumentException("job " + id + ": demand must be >= 0");
      }
    }
    requiredSkills = Skills.normalize(requiredSkills);
    if (priority < 1 || priority > 10) {
      throw new IllegalArgumentException(
          "job " + id + ": priority must be in 1..10, was " + priority);
    }
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  public boolean isPair() {
    return pickup != null;
  }

  /** Demand in dimension {@code dim}, 0 when the job does not mention it. */
  public int demand(int dim) {
    return dim < demand.size() ? demand.get(dim) : 0;
  }

  /** The job's stops in the order they must be visited. */
  public List<StopRef> stopRefs() {
    return isPair()
        ? List.of(StopRef.pickup(id), StopRef.dropoff(id))
        : List.of(StopRef.service(id));
  }

  /** The stop that a reference of this job's type names. */
  public Stop stopOf(StopType type) {
    return switch (type) {
      case PICKUP -> {
        if (pickup == null) throw new IllegalArgumentException("job " + id + " has no pickup");
        yield pickup;
      }
      case DROPOFF -> {
        if (pickup == null) throw new IllegalArgumentException("job " + id + " is not a pair");
        yield stop;
      }
      case SERVICE -> {
        if (pickup != null) throw new IllegalArgumentException("job " + id + " is a pair");
        yield stop;
      }
    };
  }

  /** Sorted skills, for stable output. */
  public Set<String> sortedSkills() {
    return new TreeSet<>(requiredSkills);
  }

  /** Fluent construction of a {@link Job}. */
  public static final class Builder {
    private final String id;
    private Stop pickup;
    private Stop stop;
    private final List<Integer> demand = new ArrayList<>();
    private final Set<String> skills = new TreeSet<>();
    private int priority = DEFAULT_PRIORITY;

    private Builder(String id) {
      this.id = id;
    }

    /** The single stop of the job, or the dropoff when {@link #pickup} is also set. */
    public Builder stop(Stop stop) {
      this.stop = stop;
      return this;
    }

    public Builder stop(Location location, double serviceSeconds, TimeWindow... windows) {
      return stop(Stop.at(location, serviceSeconds, windows));
    }

    public Builder pickup(Stop pickup) {
      this.pickup = pickup;
      return this;
    }

    public Builder pickup(Location location, double serviceSeconds, TimeWindow... windows) {
      return pickup(Stop.at(location, serviceSeconds, windows));
    }

    public Builder dropoff(Location location, double serviceSeconds, TimeWindow... windows) {
      return stop(Stop.at(location, serviceSeconds, windows));
    }

    public Builder demand(int... perDimension) {
      demand.clear();
      for (int d : perDimension) demand.add(d);
      return this;
    }

    public Builder skills(String... required) {
      skills.addAll(List.of(required));
      return this;
    }

    public Builder skills(Collection<String> required) {
      skills.addAll(required);
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Job build() {
      return new Job(id, pickup, stop, demand, skills, priority);
    }
  }
}
