package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A driver (technician, courier) as created or updated. An update carries the whole driver.
 *
 * @param maxConcurrentJobs how many assigned, unfinished jobs the driver may hold; absent means
 *     {@link #DEFAULT_MAX_CONCURRENT_JOBS}
 * @param zone the dispatch zone; absent means the geohash cell of {@code startLocation}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DriverData(
    String driverId,
    String externalId,
    String name,
    String phone,
    GeoPoint startLocation,
    GeoPoint endLocation,
    TimeWindow shift,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> skills,
    Integer maxConcurrentJobs,
    String zone)
    implements EventData {

  public static final int DEFAULT_MAX_CONCURRENT_JOBS = 8;

  public DriverData {
    skills = skills == null ? List.of() : List.copyOf(skills);
  }

  /**
   * The same driver, their route starting at {@code start} (a live re-plan starts where they are).
   */
  public DriverData startingAt(GeoPoint start) {
    return new DriverData(
        driverId,
        externalId,
        name,
        phone,
        start,
        endLocation,
        shift,
        skills,
        maxConcurrentJobs,
        zone);
  }

  /** The same driver in zone {@code newZone} (a what-if's added driver). */
  public DriverData inZone(String newZone) {
    return new DriverData(
        driverId,
        externalId,
        name,
        phone,
        startLocation,
        endLocation,
        shift,
        skills,
        maxConcurrentJobs,
        newZone);
  }

  public int maxConcurrentJobsOrDefault() {
    return maxConcurrentJobs == null ? DEFAULT_MAX_CONCURRENT_JOBS : maxConcurrentJobs;
  }
}
