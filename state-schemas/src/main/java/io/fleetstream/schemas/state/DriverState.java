package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A driver as the dispatch planner holds it.
 *
 * @param available false once the shift ended or the driver was deleted
 * @param jobIds the open jobs (assigned or started) this driver holds, in assignment order
 * @param position where the driver's telemetry last put them during this shift, or null before the
 *     first sampled ping (added in state version 2; absent in version-1 state, which reads as null)
 * @param positionAt the device time of that ping
 * @param record how the driver has kept time (added in state version 3; absent before, which reads
 *     as no history)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DriverState(
    DriverData driver,
    boolean available,
    List<String> jobIds,
    GeoPoint position,
    Instant positionAt,
    TrackRecord record) {

  public DriverState {
    jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
  }

  public DriverState(DriverData driver, boolean available, List<String> jobIds) {
    this(driver, available, jobIds, null, null, null);
  }

  /** The driver's on-time performance for scoring: {@link TrackRecord#PRIOR} without history. */
  @JsonIgnore
  public double performance() {
    return record == null ? TrackRecord.PRIOR : record.performance();
  }

  /** One more finished job: done by its window's end or not. */
  public DriverState finished(boolean inTime) {
    TrackRecord r = (record == null ? TrackRecord.NONE : record).done(inTime);
    return new DriverState(driver, available, jobIds, position, positionAt, r);
  }

  /**
   * Where the driver's route starts now: the last known position, else the shift's start location.
   */
  @JsonIgnore
  public GeoPoint location() {
    return position != null ? position : driver.startLocation();
  }

  public boolean hasRoom() {
    return jobIds.size() < driver.maxConcurrentJobsOrDefault();
  }

  public DriverState withDriver(DriverData newDriver) {
    return new DriverState(newDriver, available, jobIds, position, positionAt, record);
  }

  public DriverState withAvailable(boolean isAvailable) {
    return new DriverState(driver, isAvailable, jobIds, position, positionAt, record);
  }

  /** At {@code at}, the driver was at {@code where}. */
  public DriverState at(GeoPoint where, Instant at) {
    return new DriverState(driver, available, jobIds, where, at, record);
  }

  /** A new shift starts (or the last ended) at the start location again. */
  public DriverState withoutPosition() {
    return new DriverState(driver, available, jobIds, null, null, record);
  }

  public DriverState withJobIds(List<String> ids) {
    return new DriverState(driver, available, ids, position, positionAt, record);
  }

  public DriverState plusJob(String jobId) {
    List<String> ids = new ArrayList<>(jobIds);
    ids.add(jobId);
    return withJobIds(ids);
  }

  /** The job inserted at {@code index} of the driver's order (0 = first). */
  public DriverState withJobAt(int index, String jobId) {
    List<String> ids = new ArrayList<>(jobIds);
    ids.add(Math.min(index, ids.size()), jobId);
    return withJobIds(ids);
  }

  public DriverState minusJob(String jobId) {
    List<String> ids = new ArrayList<>(jobIds);
    ids.remove(jobId);
    return withJobIds(ids);
  }
}
