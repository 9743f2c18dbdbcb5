package io.fleetstream.routing.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to plan: jobs, drivers, per driver the stops that are locked (in progress or pinned by a
 * dispatcher) and must stay first on that driver's route, in the given order, and for a re-plan the
 * drivers the jobs have now with what moving one costs ({@link Incumbents}).
 */
public record Problem(
    List<Job> jobs, List<Driver> drivers, Map<String, List<StopRef>> locks, Incumbents incumbents) {

  public Problem(List<Job> jobs, List<Driver> drivers, Map<String, List<StopRef>> locks) {
    this(jobs, drivers, locks, Incumbents.NONE);
  }

  public Problem {
    incumbents = incumbents == null ? Incumbents.NONE : incumbents;
    jobs = List.copyOf(jobs);
    drivers = List.copyOf(drivers);
    Map<String, List<StopRef>> copy = new LinkedHashMap<>();
    (locks == null ? Map.<String, List<StopRef>>of() : locks)
        .forEach((k, v) -> copy.put(k, List.copyOf(v)));
    locks = java.util.Collections.unmodifiableMap(copy);
    validate(jobs, drivers, locks);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Jobs by id. */
  public Map<String, Job> jobsById() {
    Map<String, Job> m = new LinkedHashMap<>();
    for (Job j : jobs) m.put(j.id(), j);
    return m;
  }

  /** Drivers by id. */
  public Map<String, Driver> driversById() {
    Map<String, Driver> m = new LinkedHashMap<>();
    for (Driver d : drivers) m.put(d.id(), d);
    return m;
  }

  /** Locked stops of a driver, empty when none. */
  public List<StopRef> locksOf(String driverId) {
    return locks.getOrDefault(driverId, List.of());
  }

  /** Ids of every job that has a locked stop. */
  public Set<String> lockedJobIds() {
    Set<String> ids = new HashSet<>();
    locks.values().forEach(l -> l.forEach(r -> ids.add(r.jobId())));
    return ids;
  }

  /**
   * Every distinct location of the problem in a fixed order: drivers (start, end), then job stops.
   */
  public List<Location> locations() {
    java.util.LinkedHashSet<Location> set = new java.util.LinkedHashSet<>();
    for (Driver d : drivers) {
      set.add(d.start());
      if (d.end() != null) set.add(d.end());
    }
    for (Job j : jobs) {
      if (j.isPair()) set.add(j.pickup().location());
      set.add(j.stop().location());
    }
    return new ArrayList<>(set);
  }

  /** Number of capacity dimensions used by any job or driver. */
  public int dimensions() {
    int n = 0;
    for (Job j : jobs) n = Math.max(n, j.demand().size());
    for (Driver d : drivers) n = Math.max(n, d.capacity().size());
    return n;
  }

  private static void validate(
      List<Job> jobs, List<Driver> drivers, Map<String, List<StopRef>> locks) {
    Map<String, Job> byId = new HashMap<>();
    for (Job j : jobs) {
      if (byId.put(j.id(), j) != null)
        throw new IllegalArgumentException("duplicate job id " + j.id());
    }
    Set<String> driverIds = new HashSet<>();
    for (Driver d : drivers) {
      if (!driverIds.add(d.id()))
        throw new IllegalArgumentException("duplicate driver id " + d.id());
    }
    Set<StopRef> seen = new HashSet<>();
    for (Map.Entry<String, List<StopRef>> e : locks.entrySet()) {
      if (!driverIds.contains(e.getKey())) {
        throw new IllegalArgumentException("lock for unknown driver " + e.getKey());
      }
      Set<String> pickedUp = new HashSet<>();
      for (StopRef ref : e.getValue()) {
        Job job = byId.get(ref.jobId());
        if (job == null)
          throw new IllegalArgumentException("lock names unknown job " + ref.jobId());
        job.stopOf(ref.type()); // rejects a type that does not fit the job
        if (!seen.add(ref)) throw new IllegalArgumentException("stop locked twice: " + ref);
        if (ref.type() == StopType.PICKUP) pickedUp.add(ref.jobId());
        // A locked pair keeps both stops on the locked prefix: the solver cannot split a pair
        // between the fixed prefix and the free part of a route.
        if (ref.type() == StopType.DROPOFF && !pickedUp.contains(ref.jobId())) {
          throw new IllegalArgumentException(
              "dropoff of " + ref.jobId() + " locked without its pickup before it");
        }
      }
      for (String p : pickedUp) {
        if (!seen.contains(StopRef.dropoff(p))) {
          throw new IllegalArgumentException("pickup of " + p + " locked without its dropoff");
        }
      }
    }
  }

  /** Fluent construction of a {@link Problem}. */
  public static final class Builder {
    private final List<Job> jobs = new ArrayList<>();
    private final List<Driver> drivers = new ArrayList<>();
    private final Map<String, List<StopRef>> locks = new LinkedHashMap<>();
    private Incumbents incumbents = Incumbents.NONE;

    public Builder job(Job job) {
      jobs.add(Objects.requireNonNull(job));
      return this;
    }

    public Builder jobs(Collection<Job> jobs) {
      this.jobs.addAll(jobs);
      return this;
    }

    public Builder driver(Driver driver) {
      drivers.add(Objects.requireNonNull(driver));
      return this;
    }

    public Builder drivers(Collection<Driver> drivers) {
      this.drivers.addAll(drivers);
      return this;
    }

    /** Locks these stops, in this order, at the head of the driver's route. */
    public Builder lock(String driverId, List<StopRef> stops) {
      locks.put(driverId, List.copyOf(stops));
      return this;
    }

    /** Locks whole jobs (a pair as pickup then dropoff) at the head of the driver's route. */
    public Builder lockJobs(String driverId, String... jobIds) {
      Map<String, Job> byId = new HashMap<>();
      jobs.forEach(j -> byId.put(j.id(), j));
      List<StopRef> refs = new ArrayList<>();
      for (String id : jobIds) {
        Job j = byId.get(id);
        if (j == null)
          throw new IllegalArgumentException("unknown job " + id + " (add jobs before locking)");
        refs.addAll(j.stopRefs());
      }
      return lock(driverId, refs);
    }

    /** The jobs' current drivers and what moving one costs (a re-plan's stability). */
    public Builder incumbents(Incumbents incumbents) {
      this.incumbents = Objects.requireNonNull(incumbents);
      return this;
    }

    public Problem build() {
      return new Problem(jobs, drivers, locks, incumbents);
    }
  }
}
