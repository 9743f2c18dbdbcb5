package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One driver's route.
 *
 * @param polyline the road geometry, Google encoded polyline (precision 5); absent without a road
 *     network
 * @param breaks the breaks the driver takes on the route, in order (absent when none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanRoute(
    String driverId,
    List<PlanStop> stops,
    double distanceM,
    double durationS,
    String polyline,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PlanBreak> breaks) {

  public PlanRoute {
    stops = stops == null ? List.of() : List.copyOf(stops);
    breaks = breaks == null ? List.of() : List.copyOf(breaks);
  }

  public PlanRoute(
      String driverId, List<PlanStop> stops, double distanceM, double durationS, String polyline) {
    this(driverId, stops, distanceM, durationS, polyline, null);
  }
}
