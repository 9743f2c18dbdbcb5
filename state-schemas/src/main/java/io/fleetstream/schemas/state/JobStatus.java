package io.fleetstream.schemas.state;

/** Where an open job stands in the planner. Finished jobs leave the planner's state. */
public enum JobStatus {
  /** Waiting for a driver. */
  PENDING,
  /** Given to a driver who has not started it. */
  ASSIGNED,
  /** The driver is on it; it no longer moves between drivers. */
  STARTED
}
