package io.fleetstream.routing.model;

/**
 * A point on the map in WGS84 degrees.
 *
 * <p>Planar benchmark instances (Solomon) reuse it with {@code lng = x} and {@code lat = y}; their
 * matrices are built with {@link io.fleetstream.routing.matrix.EuclideanMatrix}, which never reads
 * the values as degrees.
 */
public record Location(double lat, double lng) {

  public Location {
    if (!Double.isFinite(lat) || !Double.isFinite(lng)) {
      throw new IllegalArgumentException("location must be finite: " + lat + "," + lng);
    }
  }

  /** A planar point (benchmark instances): x is stored as lng, y as lat. */
  public static Location planar(double x, double y) {
    return new Location(y, x);
  }

  @Override
  public String toString() {
    return lat + "," + lng;
  }
}
