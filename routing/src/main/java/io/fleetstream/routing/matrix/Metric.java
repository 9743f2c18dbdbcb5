package io.fleetstream.routing.matrix;

import java.util.Locale;

/** Where a travel figure came from. */
public enum Metric {
  /** Shortest path on the loaded road graph. */
  ROAD,
  /** Great-circle distance times a detour factor at an average speed (point outside the map). */
  HAVERSINE,
  /** Straight line in the plane (benchmark instances). */
  EUCLIDEAN;

  /** The lower-case name used in results ({@code road}, {@code haversine}, {@code euclidean}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
