package io.fleetstream.routing.model;

/** Why a job could not be put on any route. */
public enum ReasonCode {
  /** No driver can reach the job inside one of its time windows. */
  TIME_WINDOW,
  /** The job's demand does not fit into any suitable driver's remaining capacity. */
  CAPACITY,
  /** No driver has every skill the job requires. */
  SKILL,
  /** No suitable driver can serve the job and still finish inside the shift. */
  SHIFT,
  /** Every suitable driver already has as many stops as allowed. */
  MAX_STOPS,
  /** The job is inside the map but no road connects it to any driver. */
  UNREACHABLE,
  /** There is no driver at all. */
  NO_DRIVER,
  /**
   * No suitable driver can take their break within its window and still serve the job. Added last:
   * callers store ordinals.
   */
  BREAK
}
