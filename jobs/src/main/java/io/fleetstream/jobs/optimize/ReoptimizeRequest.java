package io.fleetstream.jobs.optimize;

import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A zone's open work as the planner holds it, sent to the re-optimizer.
 *
 * @param routes each driver's current jobs in order: the warm start
 * @param pinned each driver's jobs that must stay first and in place (started or locked)
 * @param underWay the job each driver is on the way to, by driver id: moving it turns them round
 */
public record ReoptimizeRequest(
    String tenant,
    String zone,
    long planVersion,
    String objective,
    List<JobData> jobs,
    List<DriverData> drivers,
    Map<String, List<String>> routes,
    Map<String, List<String>> pinned,
    Map<String, String> underWay,
    Instant requestedAt) {

  public ReoptimizeRequest {
    jobs = List.copyOf(jobs);
    drivers = List.copyOf(drivers);
    routes = Map.copyOf(routes);
    pinned = Map.copyOf(pinned);
    underWay = Map.copyOf(underWay);
  }

  public String zoneKey() {
    return tenant + "/" + zone;
  }

  public String runId() {
    return "reopt_" + zone + "_" + planVersion;
  }
}
