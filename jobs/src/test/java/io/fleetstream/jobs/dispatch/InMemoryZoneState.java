package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The zone state of one key, in maps: what Flink's MapState holds, without Flink. */
final class InMemoryZoneState implements ZoneState {

  final Map<String, JobState> jobs = new LinkedHashMap<>();
  final Map<String, DriverState> drivers = new LinkedHashMap<>();

  @Override
  public Optional<JobState> job(String jobId) {
    return Optional.ofNullable(jobs.get(jobId));
  }

  @Override
  public void putJob(String jobId, JobState job) {
    jobs.put(jobId, job);
  }

  @Override
  public void removeJob(String jobId) {
    jobs.remove(jobId);
  }

  @Override
  public List<JobState> jobs() {
    return new ArrayList<>(jobs.values());
  }

  @Override
  public Optional<DriverState> driver(String driverId) {
    return Optional.ofNullable(drivers.get(driverId));
  }

  @Override
  public void putDriver(String driverId, DriverState driver) {
    drivers.put(driverId, driver);
  }

  @Override
  public void removeDriver(String driverId) {
    drivers.remove(driverId);
  }

  @Override
  public List<DriverState> drivers() {
    return new ArrayList<>(drivers.values());
  }
}
