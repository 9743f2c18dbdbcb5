package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapState;

/**
 * A zone's keyed state (the planner's jobs and drivers MapState) seen through the dispatcher's
 * interface, read once per zone into a heap cache and then written through; Flink's checked
 * exceptions become unchecked. Also notes which drivers and whether jobs changed during one event.
 */
final class CachedZoneState implements ZoneState {

  /**
   * One zone's state on the heap, sorted by id as a stable order for decisions and audits; the
   * pending jobs also apart, since every driver who gains room asks for them, less those {@link
   * #setAside} (heap only: after a restore they are found again on the first ask). The drivers also
   * as columns for decisions (see {@link DriverColumns}), written with them.
   */
  record Zone(
      Map<String, JobState> jobs,
      Map<String, JobState> pending,
      Map<String, DriverState> drivers,
      Set<String> setAside,
      DriverColumns columns) {

    Zone() {
      this(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new HashSet<>(), new DriverColumns());
    }

    void putDriver(String driverId, DriverState driver) {
      drivers.put(driverId, driver);
      columns.put(driver);
    }

    void removeDriver(String driverId) {
      drivers.remove(driverId);
      columns.remove(driverId);
    }

    void put(String jobId, JobState job) {
      jobs.put(jobId, job);
      setAside.remove(jobId); // written again: it may have moved
      if (job.status() == JobStatus.PENDING) {
        pending.put(jobId, job);
      } else {
        pending.remove(jobId);
      }
    }

    void remove(String jobId) {
      jobs.remove(jobId);
      pending.remove(jobId);
      setAside.remove(jobId);
    }

    void setAside(String jobId) {
      if (pending.remove(jobId) != null) {
        setAside.add(jobId);
      }
    }
  }

  private final MapState<String, JobState> jobs;
  private final MapState<String, DriverState> drivers;

  /** Drivers whose job list or data changed during this event: their route goes to the tracker. */
  final Set<String> touchedDrivers = new LinkedHashSet<>();

  /** Whether a job was added, changed or removed during this event. */
  boolean jobsChanged;

  /** The heap cache every read and write goes through (it keeps the pending jobs in step). */
  private final Zone zone;

  CachedZoneState(
      MapState<String, JobState> jobs,
      MapState<String, DriverState> drivers,
      Map<String, Zone> zoneCache,
      String zoneKey) {
    this.jobs = jobs;
    this.drivers = drivers;
    this.zone =
        zoneCache.computeIfAbsent(
            zoneKey,
            k -> {
              Zone loaded = new Zone();
              call(jobs::entries).forEach(e -> loaded.put(e.getKey(), e.getValue()));
              call(drivers::entries).forEach(e -> loaded.putDriver(e.getKey(), e.getValue()));
              return loaded;
            });
  }

  @Override
  public Optional<JobState> job(String jobId) {
    return Optional.ofNullable(zone.jobs().get(jobId));
  }

  @Override
  public void putJob(String jobId, JobState job) {
    jobsChanged = true;
    if (job.driverId() != null) {
      touchedDrivers.add(job.driverId());
    }
    run(() -> jobs.put(jobId, job));
    zone.put(jobId, job);
  }

  @Override
  public void removeJob(String jobId) {
    jobsChanged = true;
    run(() -> jobs.remove(jobId));
    zone.remove(jobId);
  }

  @Override
  public List<JobState> jobs() {
    return new ArrayList<>(zone.jobs().values());
  }

  @Override
  public List<JobState> pendingJobs() {
    return new ArrayList<>(zone.pending().values());
  }

  @Override
  public void setAside(String jobId) {
    zone.setAside(jobId);
  }

  @Override
  public Optional<DriverState> driver(String driverId) {
    return Optional.ofNullable(zone.drivers().get(driverId));
  }

  @Override
  public void putDriver(String driverId, DriverState driver) {
    touchedDrivers.add(driverId);
    run(() -> drivers.put(driverId, driver));
    zone.putDriver(driverId, driver);
  }

  @Override
  public void moveDriver(String driverId, DriverState driver) {
    run(() -> drivers.put(driverId, driver));
    zone.putDriver(driverId, driver);
  }

  @Override
  public void removeDriver(String driverId) {
    touchedDrivers.add(driverId);
    run(() -> drivers.remove(driverId));
    zone.removeDriver(driverId);
  }

  @Override
  public List<DriverState> drivers() {
    return new ArrayList<>(zone.drivers().values());
  }

  @Override
  public DriverColumns driverColumns() {
    return zone.columns();
  }

  interface StateCall<T> {
    T call() throws Exception;
  }

  private interface StateRun {
    void run() throws Exception;
  }

  static <T> T call(StateCall<T> call) {
    try {
      return call.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("state access failed", e);
    }
  }

  private static void run(StateRun run) {
    call(
        () -> {
          run.run();
          return null;
        });
  }
}
