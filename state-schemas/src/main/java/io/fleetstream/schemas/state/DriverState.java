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
 * @param stops the route stop by stop, held only while it has a pickup still to make (added in
 *     state version 5; absent, as before, when every job is one stop in {@code jobIds} order). A
 *     pickup-and-delivery job's pickup comes before its delivery, other jobs' stops may lie between
 *     them; {@code jobIds} keeps the order of the deliveries.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DriverState(
    DriverData driver,
    boolean available,
    List<String> jobIds,
    GeoPoint position,
    Instant positionAt,
    TrackRecord record,
    List<StopKey> stops) {

  public DriverState {
    jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
    // Without a pickup the stops say nothing jobIds does not: not kept, so most drivers' state is
    // as small as before.
    stops = stops == null || stops.stream().noneMatch(StopKey::pickup) ? null : List.copyOf(stops);
  }

  public DriverState(
      DriverData driver,
      boolean available,
      List<String> jobIds,
      GeoPoint position,
      Instant positionAt,
      TrackRecord record) {
    this(driver, available, jobIds, position, positionAt, record, null);
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
    return new DriverState(driver, available, jobIds, position, positionAt, r, stops);
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
    return new DriverState(newDriver, available, jobIds, position, positionAt, record, stops);
  }

  public DriverState withAvailable(boolean isAvailable) {
    return new DriverState(driver, isAvailable, jobIds, position, positionAt, record, stops);
  }

  /** At {@code at}, the driver was at {@code where}. */
  public DriverState at(GeoPoint where, Instant at) {
    return new DriverState(driver, available, jobIds, where, at, record, stops);
  }

  /** A new shift starts (or the last ended) at the start location again. */
  public DriverState withoutPosition() {
    return new DriverState(driver, available, jobIds, null, null, record, stops);
  }

  /**
   * The jobs in a new order. A pickup still to make goes just before its delivery: the order was
   * chosen job by job.
   */
  public DriverState withJobIds(List<String> ids) {
    List<StopKey> order = null;
    if (stops != null) {
      order = new ArrayList<>();
      for (String id : ids) {
        if (stops.contains(StopKey.pickupOf(id))) {
          order.add(StopKey.pickupOf(id));
        }
        order.add(StopKey.at(id));
      }
    }
    return new DriverState(driver, available, ids, position, positionAt, record, order);
  }

  /** The route stop by stop: {@link #stops}, or each job's one stop in {@code jobIds} order. */
  @JsonIgnore
  public List<StopKey> stopOrder() {
    return stops != null ? stops : jobIds.stream().map(StopKey::at).toList();
  }

  /**
   * The route as {@code order} gives it, stop by stop; jobs held but not in it (a job the planner
   * could not see) keep their place after it.
   */
  public DriverState withStops(List<StopKey> order) {
    List<String> ids = new ArrayList<>();
    order.stream().filter(s -> !s.pickup()).forEach(s -> ids.add(s.jobId()));
    List<StopKey> all = new ArrayList<>(order);
    for (String id : jobIds) {
      if (!ids.contains(id)) {
        ids.add(id);
        all.add(StopKey.at(id));
      }
    }
    return new DriverState(driver, available, ids, position, positionAt, record, all);
  }

  public DriverState plusJob(String jobId) {
    List<String> ids = new ArrayList<>(jobIds);
    ids.add(jobId);
    List<StopKey> order = stops == null ? null : new ArrayList<>(stops);
    if (order != null) {
      order.add(StopKey.at(jobId));
    }
    return new DriverState(driver, available, ids, position, positionAt, record, order);
  }

  /**
   * The job inserted at {@code index} of the driver's order (0 = first): right after the delivery
   * of the job before it, or first of all.
   */
  public DriverState withJobAt(int index, String jobId) {
    List<String> ids = new ArrayList<>(jobIds);
    int at = Math.min(index, ids.size());
    List<StopKey> order = stops == null ? null : new ArrayList<>(stops);
    if (order != null) {
      order.add(at == 0 ? 0 : order.indexOf(StopKey.at(ids.get(at - 1))) + 1, StopKey.at(jobId));
    }
    ids.add(at, jobId);
    return new DriverState(driver, available, ids, position, positionAt, record, order);
  }

  public DriverState minusJob(String jobId) {
    List<String> ids = new ArrayList<>(jobIds);
    ids.remove(jobId);
    List<StopKey> order =
        stops == null ? null : stops.stream().filter(s -> !s.jobId().equals(jobId)).toList();
    return new DriverState(driver, available, ids, position, positionAt, record, order);
  }

  /** The job's goods are on board: its pickup is off the route, its delivery still on it. */
  public DriverState pickedUp(String jobId) {
    if (stops == null) {
      return this;
    }
    List<StopKey> order = new ArrayList<>(stops);
    order.remove(StopKey.pickupOf(jobId));
    return new DriverState(driver, available, jobIds, position, positionAt, record, order);
  }
}
