package io.fleetstream.routing.geocode;

/**
 * Where an address was found.
 *
 * @param lat latitude in degrees (WGS84)
 * @param lng longitude in degrees (WGS84)
 * @param precision whether the house number itself or only the street was found
 * @param matched a human-readable label of what was found, built from the map's tags, e.g. {@code
 *     "15 Avenue de Monte-Carlo, 98000 Monaco"}
 */
public record Geocoded(double lat, double lng, Precision precision, String matched) {

  /** How close the point is to the address asked for. */
  public enum Precision {
    /** The house number was found on that street: the point is the building or its entrance. */
    ADDRESS,
    /**
     * Only the street was found: the point is on the street, at the nearest known house number when
     * the query had one, else at a representative point of the street.
     */
    STREET
  }
}
