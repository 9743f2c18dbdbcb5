package io.fleetstream.routing.model;

/** What the solver minimizes once every job it can serve is served. */
public enum Objective {
  /** Total route duration: driving, waiting and service, from departure to return. */
  MIN_DURATION,
  /** Total distance driven. */
  MIN_DISTANCE,
  /** Total duration, plus a penalty on the longest route so work is spread evenly. */
  BALANCED
}
