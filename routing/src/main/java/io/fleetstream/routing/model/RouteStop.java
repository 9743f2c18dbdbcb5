package io.fleetstream.routing.model;

/**
 * One visit on a route with its schedule: arrival, start of service (after any wait), departure.
 */
public record RouteStop(
    String jobId,
    StopType type,
    Location location,
    double arrival,
    double serviceStart,
    double departure) {

  public StopRef ref() {
    return new StopRef(jobId, type);
  }
}
