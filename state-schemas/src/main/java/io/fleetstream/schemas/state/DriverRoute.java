package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A driver's open stops in the order the planner gave them; sent from the planner (keyed by zone)
 * to the tracker (keyed by driver) whenever it changes. An empty list means no open stops.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DriverRoute(String tenant, String driverId, List<RouteStop> stops) {

  public DriverRoute {
    stops = stops == null ? List.of() : List.copyOf(stops);
  }

  public String key() {
    return tenant + "/" + driverId;
  }
}
