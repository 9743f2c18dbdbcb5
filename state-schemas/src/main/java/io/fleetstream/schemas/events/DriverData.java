package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param vehicle what the driver drives: type, capacity, costs (version 2; absent: a vehicle with
 *     no capacity limit and no costs of its own)
 * @param breaks breaks during the shift (version 2)
 *     <p>Version 2 of the driver events ({@code io.fleetstream.driver.created.v2}, {@code
 *     …updated.v2}) adds the last two fields; a version-1 event is the same driver without them.
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
    String zone,
    Vehicle vehicle,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DriverBreak> breaks)
    implements EventData {

  public static final int DEFAULT_MAX_CONCURRENT_JOBS = 8;

  public DriverData {
    skills = skills == null ? List.of() : List.copyOf(skills);
    breaks = breaks == null ? List.of() : List.copyOf(breaks);
  }

  /** A driver with the fields of version 1 only. */
  public DriverData(
      String driverId,
      String externalId,
      String name,
      String phone,
      GeoPoint startLocation,
      GeoPoint endLocation,
      TimeWindow shift,
      List<String> skills,
      Integer maxConcurrentJobs,
      String zone) {
    this(
        driverId,
        externalId,
        name,
        phone,
        startLocation,
        endLocation,
        shift,
        skills,
        maxConcurrentJobs,
        zone,
        null,
        null);
  }

  /** True when the driver uses a field of version 2, so only a version-2 event can carry it. */
  @JsonIgnore
  public boolean needsVersion2() {
    return vehicle != null || !breaks.isEmpty();
  }

  /** The same driver with a vehicle and breaks (version 2). */
  public DriverData withVehicle(Vehicle newVehicle, List<DriverBreak> newBreaks) {
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
        zone,
        newVehicle,
        newBreaks);
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
        zone,
        vehicle,
        breaks);
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
        newZone,
        vehicle,
        breaks);
  }

  public int maxConcurrentJobsOrDefault() {
    return maxConcurrentJobs == null ? DEFAULT_MAX_CONCURRENT_JOBS : maxConcurrentJobs;
  }
}
