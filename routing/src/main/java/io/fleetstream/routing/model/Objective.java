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
  MIN_MAX,
  /**
   * The longest route in distance first, then total distance (the seed contract's {@code
   * MIN_MAX_TRAVEL_COST_DISTANCE}): total distance + W × the longest route's distance, W as for
   * {@link #MIN_MAX}. Time counts only through the drivers' shifts and the jobs' windows.
   */
  MIN_MAX_DISTANCE,
  /**
   * Total duration while keeping routes apart (the seed contract's {@code
   * MIN_VEHICLE_AVOID_TOUR_OVERLAP}): total duration + for each route its spread, the travel time
   * from the route's medoid (the stop from which the travel times to the route's other stops add up
   * least) to each of its stops. Routes that interleave across the same areas have stops far from
   * their medoid; compact, separate routes do not. The spread is weighted 1:1 against duration, so
   * a stop a minute from its route's medoid costs as much as a minute more on the road. {@link
   * Plan#boundingBoxOverlap()} reports how much the routes of a plan overlap.
   */
  AVOID_TOUR_OVERLAP,
  /**
   * The money the routes cost: the sum over used routes (routes with at least one stop) of the
   * driver's {@link Driver#fixedCost()} + {@link Driver#costPerKm()} × km driven + {@link
   * Driver#costPerHour()} × hours of route duration (driving, waiting and service, from departure
   * to return or end), plus the solver's global vehicle cost per used route if one is set. Distance
   * is taken in metres (km = metres / 1000), so on instances in other units "km" means thousands of
   * them.
   *
   * <p>A driver without variable costs ({@code costPerKm} and {@code costPerHour} both 0) is not
   * free to drive: its route costs {@value #DEFAULT_COST_PER_HOUR} per hour of duration (plus its
   * fixed cost, if any), so the search still keeps its route short and a mix of drivers with and
   * without costs compares routes in one currency. Give every driver costs for a faithful figure.
   *
   * <p>Each unassigned job costs more than serving it could on any driver (see the solver's
   * unassigned penalty), so the objective never leaves a job out to save money.
   */
  MIN_COST;

  /** The cost per hour of a driver with neither a cost per km nor one per hour, for MIN_COST. */
  public static final double DEFAULT_COST_PER_HOUR = 1.0;

  /** Whether routes are measured in metres (else in seconds, or money for {@link #MIN_COST}). */
  public boolean byDistance() {
    return this == MIN_DISTANCE || this == MIN_MAX_DISTANCE;
  }

  /** Whether the longest route weighs W times (see {@link #MIN_MAX}). */
  public boolean minimizesLongest() {
    return this == MIN_MAX || this == MIN_MAX_DISTANCE;
  }
}
