package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How an optimization run should solve; absent fields take account, then system defaults.
 *
 * @param objective {@code min_duration}, {@code min_distance} or {@code balanced}; version 2 adds
 *     {@code min_vehicles}, {@code min_max}, {@code min_max_distance}, {@code avoid_tour_overlap},
 *     {@code min_vehicles_avoid_tour_overlap} (both at once) and {@code min_cost}
 * @param seed fixes the search: the same input and seed give the same plan
 * @param timeLimitS the solver's time budget in seconds
 * @param tagPriorities (version 2) tag → priority 0–5: a job with the tag is planned at least as
 *     urgently as the priority says (5 most urgent, 0 leaves the job's own)
 * @param lockedStops (version 2) driver id → job ids: those jobs go first on that driver's route,
 *     in that order
 * @param vehicleOverrides (version 2) driver id or vehicle type → vehicle fields that replace the
 *     driver's own for this run (a driver's id wins over their vehicle's type)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OptimizeOptions(
    OffsetDateTime shiftStart,
    OffsetDateTime shiftEnd,
    Integer maxStopsPerDriver,
    String objective,
    Long seed,
    Double timeLimitS,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> tagPriorities,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> lockedStops,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Vehicle> vehicleOverrides) {

  /** The objectives only version 2 of {@code optimize.requested} carries. */
  public static final Set<String> OBJECTIVES_V2 =
      Set.of(
          "min_vehicles",
          "min_max",
          "min_max_distance",
          "avoid_tour_overlap",
          "min_vehicles_avoid_tour_overlap",
          "min_cost");

  public OptimizeOptions {
    tagPriorities = tagPriorities == null ? Map.of() : Map.copyOf(tagPriorities);
    lockedStops = lockedStops == null ? Map.of() : Map.copyOf(lockedStops);
    vehicleOverrides = vehicleOverrides == null ? Map.of() : Map.copyOf(vehicleOverrides);
  }

  /** Options of version 1: no priorities by tag, locks or overrides. */
  public OptimizeOptions(
      OffsetDateTime shiftStart,
      OffsetDateTime shiftEnd,
      Integer maxStopsPerDriver,
      String objective,
      Long seed,
      Double timeLimitS) {
    this(shiftStart, shiftEnd, maxStopsPerDriver, objective, seed, timeLimitS, null, null, null);
  }

  /** True when only version 2 of the request can carry these options. */
  @JsonIgnore
  public boolean needsVersion2() {
    return OBJECTIVES_V2.contains(objective)
        || !tagPriorities.isEmpty()
        || !lockedStops.isEmpty()
        || !vehicleOverrides.isEmpty();
  }

  /** The same options with version 2's set from {@code over} where it sets them. */
  public OptimizeOptions withVersion2(OptimizeOptions over) {
    return new OptimizeOptions(
        shiftStart,
        shiftEnd,
        maxStopsPerDriver,
        objective,
        seed,
        timeLimitS,
        over.tagPriorities().isEmpty() ? tagPriorities : over.tagPriorities(),
        over.lockedStops().isEmpty() ? lockedStops : over.lockedStops(),
        over.vehicleOverrides().isEmpty() ? vehicleOverrides : over.vehicleOverrides());
  }
}
