package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fleetstream.schemas.events.DriverData;
import java.util.ArrayList;
import java.util.List;

/**
 * A driver as the dispatch planner holds it.
 *
 * @param available false once the shift ended or the driver was deleted
 * @param jobIds the open jobs (assigned or started) this driver holds, in assignment order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DriverState(DriverData driver, boolean available, List<String> jobIds) {

  public DriverState {
    jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
  }

  public boolean hasRoom() {
    return jobIds.size() < driver.maxConcurrentJobsOrDefault();
  }

  public DriverState withDriver(DriverData newDriver) {
    return new DriverState(newDriver, available, jobIds);
  }

  public DriverState withAvailable(boolean isAvailable) {
    return new DriverState(driver, isAvailable, jobIds);
  }

  public DriverState plusJob(String jobId) {
    List<String> ids = new ArrayList<>(jobIds);
    ids.add(jobId);
    return new DriverState(driver, available, ids);
  }

  /** The job inserted at {@code index} of the driver's order (0 = first). */
  public DriverState withJobAt(int index, String jobId) {
    List<String> ids = new ArrayList<>(jobIds);
    ids.add(Math.min(index, ids.size()), jobId);
    return new DriverState(driver, available, ids);
  }

  public DriverState minusJob(String jobId) {
    List<String> ids = new ArrayList<>(jobIds);
    ids.remove(jobId);
    return new DriverState(driver, available, ids);
  }
}
