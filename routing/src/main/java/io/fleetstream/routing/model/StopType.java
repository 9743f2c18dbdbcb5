package io.fleetstream.routing.model;

/** Which part of a job a route stop performs. */
public enum StopType {
  /** The only stop of a single-stop job. */
  SERVICE,
  /** The first stop of a pickup→dropoff pair: the load goes on board. */
  PICKUP,
  /** The second stop of a pair: the load leaves the vehicle. */
  DROPOFF
}
