package io.fleetstream.routing.solver;

/** What ended a search. */
public enum StopCriterion {
  /** The iteration budget was used up: the result is reproducible under the seed. */
  ITERATIONS,
  /** The wall-clock limit cut the search: the result depends on machine speed and load. */
  TIME_LIMIT,
  /** Nothing to search (no jobs, no drivers, or every job locked or unassignable). */
  TRIVIAL
}
