package io.fleetstream.routing.road.internal;

/**
 * The cost of driving from one point to another in whole milliseconds and whole millimetres.
 *
 * <p>Integers on purpose: a path's cost is then the same whichever end it is summed from, so a
 * backward search gives exactly the figures a forward search gives, and paths of equal time are
 * told apart by distance instead of by the order the search happened to find them.
 */
public record Leg(long millis, long mm) {

  /** No road connects the two points. */
  public static final Leg UNREACHABLE = new Leg(Long.MAX_VALUE, Long.MAX_VALUE);

  /** Staying put. */
  public static final Leg ZERO = new Leg(0, 0);

  public boolean reachable() {
    return millis != Long.MAX_VALUE;
  }

  public double seconds() {
    return reachable() ? millis / 1000.0 : Double.POSITIVE_INFINITY;
  }

  public double metres() {
    return reachable() ? mm / 1000.0 : Double.POSITIVE_INFINITY;
  }

  /** Faster first, then shorter. */
  static boolean less(long ms1, long mm1, long ms2, long mm2) {
    return ms1 < ms2 || (ms1 == ms2 && mm1 < mm2);
  }

  /**
   * Whole millimetres of a GraphHopper distance (exact for stored edges, which hold millimetres).
   */
  static long mm(double metres) {
    return Math.round(metres * 1000);
  }
}
