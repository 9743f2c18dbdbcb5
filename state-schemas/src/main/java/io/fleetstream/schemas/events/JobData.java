package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A job (a visit, a delivery, a repair) as created or updated. An update carries the whole job.
 *
 * <p>Version 2 of the job events ({@code io.fleetstream.job.created.v2}, {@code …updated.v2}) adds
 * the last four fields; a version-1 event is the same job with none of them, which is how v1 events
 * and state written before version 2 load.
 *
 * @param priority 1 (most urgent) to 5 (least); absent means {@link #DEFAULT_PRIORITY}
 * @param zone the dispatch zone; absent means the geohash cell of {@code location}
 * @param pickup where the goods are collected first, making this a pickup-and-delivery job whose
 *     {@code location} is the delivery; absent: a single visit
 * @param demand what the job puts on a vehicle; absent: the sum of {@code payloadItems}
 * @param payloadItems the goods, item by item
 * @param tags free labels (e.g. {@code lift-gate}) that requests can prioritise
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
    String zone,
    Pickup pickup,
    Load demand,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PayloadItem> payloadItems,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tags)
    implements EventData {

  public static final int DEFAULT_PRIORITY = 3;

  /** The job type durations are learned under when a job names none. */
  public static final String DEFAULT_JOB_TYPE = "_default";

  public JobData {
    timeWindows = timeWindows == null ? List.of() : List.copyOf(timeWindows);
    skills = skills == null ? List.of() : List.copyOf(skills);
    payloadItems = payloadItems == null ? List.of() : List.copyOf(payloadItems);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** A job with the fields of version 1 only. */
  public JobData(
      String jobId,
      String externalId,
      GeoPoint location,
      Double serviceMinutes,
      Integer priority,
      List<TimeWindow> timeWindows,
      List<String> skills,
      String jobType,
      String zone) {
    this(
        jobId,
        externalId,
        location,
        serviceMinutes,
        priority,
        timeWindows,
        skills,
        jobType,
        zone,
        null,
        null,
        null,
        null);
  }

  /** True when the job uses a field of version 2, so only a version-2 event can carry it. */
  @JsonIgnore
  public boolean needsVersion2() {
    return pickup != null || demand != null || !payloadItems.isEmpty() || !tags.isEmpty();
  }

  /** What the job puts on a vehicle: its {@code demand}, else its items together, else nothing. */
  @JsonIgnore
  public Load load() {
    if (demand != null) {
      return demand;
    }
    return payloadItems.stream().map(PayloadItem::load).reduce(Load.NONE, Load::plus);
  }

  /** The same job with the fields of version 2 set (the others kept). */
  public JobData withDelivery(
      Pickup newPickup, Load newDemand, List<PayloadItem> items, List<String> newTags) {
    return new JobData(
        jobId,
        externalId,
        location,
        serviceMinutes,
        priority,
        timeWindows,
        skills,
        jobType,
        zone,
        newPickup,
        newDemand,
        items,
        newTags);
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
        zone,
        pickup,
        demand,
        payloadItems,
        tags);
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
        newZone,
        pickup,
        demand,
        payloadItems,
        tags);
  }

  public double serviceMinutesOrZero() {
    return serviceMinutes == null ? 0 : serviceMinutes;
  }
}
