package io.fleetstream.routing.model;

/** What the solver minimizes once every job it can serve is served. */
public enum Objective {
  /** Total route duration: driving, waiting and service, from departure to return. */
  MIN_DURATION,
  /** Total distance driven. */
  MIN_DISTANCE,
  /** Total duration, plus a penalty on the longest route so work is spread evenly. */
  BALANCED,
  /**
   * The longest route (makespan) first, then total duration: total duration + W × the longest
   * route's duration, with W = 100 × the number of drivers. Since no plan's total exceeds the
   * number of drivers times its longest route, a plan whose longest route is more than 1 % shorter
   * always costs less, whatever its total; between plans whose longest routes are within 1 % of
   * each other the total can also decide.
   */
  MIN_MAX
}
