package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A job (a visit, a delivery, a repair) as created or updated. An update carries the whole job.
 *
 * @param priority 1 (most urgent) to 5 (least); absent means {@link #DEFAULT_PRIORITY}
 * @param zone the dispatch zone; absent means the geohash cell of {@code location}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobData(
    String jobId,
    String externalId,
    GeoPoint location,
    Double serviceMinutes,
    Integer priority,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TimeWindow> timeWindows,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> skills,
    String jobType,
    String zone)
    implements EventData {

  public static final int DEFAULT_PRIORITY = 3;

  /** The job type durations are learned under when a job names none. */
  public static final String DEFAULT_JOB_TYPE = "_default";

  public JobData {
    timeWindows = timeWindows == null ? List.of() : List.copyOf(timeWindows);
    skills = skills == null ? List.of() : List.copyOf(skills);
  }

  public int priorityOrDefault() {
    return priority == null ? DEFAULT_PRIORITY : priority;
  }

  /** The same job at another priority (an emergency is priority 1). */
  public JobData withPriority(int newPriority) {
    return new JobData(
        jobId,
        externalId,
        location,
        serviceMinutes,
        newPriority,
        timeWindows,
        skills,
        jobType,
        zone);
  }

  /** The same job in zone {@code newZone} (a what-if's added job is in the zone it asks about). */
  public JobData inZone(String newZone) {
    return new JobData(
        jobId,
        externalId,
        location,
        serviceMinutes,
        priority,
        timeWindows,
        skills,
        jobType,
        newZone);
  }

  public double serviceMinutesOrZero() {
    return serviceMinutes == null ? 0 : serviceMinutes;
  }
}
