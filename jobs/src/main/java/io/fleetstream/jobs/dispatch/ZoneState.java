package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import java.util.List;
import java.util.Optional;

/** The open jobs and drivers of one zone, as the dispatcher reads and changes them. */
public interface ZoneState {

  Optional<JobState> job(String jobId);

  void putJob(String jobId, JobState job);

  void removeJob(String jobId);

  /** A snapshot: changing the state while iterating it is safe. */
  List<JobState> jobs();

  /**
   * The jobs waiting for a driver; a snapshot. Asked at every gain of room, so a state that can
   * answer without reading every job should.
   */
  default List<JobState> pendingJobs() {
    return jobs().stream().filter(j -> j.status() == JobStatus.PENDING).toList();
  }

  /**
   * A hint that a pending job waits on something no driver can change (its place is off every
   * road): a state may leave it out of {@link #pendingJobs()} until the job itself is written
   * again. Ignoring the hint is correct, only slower.
   */
  default void setAside(String jobId) {}

  Optional<DriverState> driver(String driverId);

  void putDriver(String driverId, DriverState driver);

  void removeDriver(String driverId);

  /**
   * The driver's new live position: their route is unchanged, so nobody downstream needs to hear of
   * it.
   */
  default void moveDriver(String driverId, DriverState driver) {
    putDriver(driverId, driver);
  }

  /** A snapshot: changing the state while iterating it is safe. */
  List<DriverState> drivers();

  /**
   * The drivers as a decision's scan reads them ({@link DriverColumns}); a zone that keeps none
   * makes them for the one scan.
   */
  default DriverColumns driverColumns() {
    return DriverColumns.of(drivers());
  }
}
