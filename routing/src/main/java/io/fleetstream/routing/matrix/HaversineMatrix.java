package io.fleetstream.routing.matrix;

import io.fleetstream.routing.model.Location;
import java.util.List;

/**
 * Great-circle distance × a detour factor, at an average speed: the fallback when no road graph
 * covers a point.
 */
public final class HaversineMatrix implements MatrixProvider {

  private static final double EARTH_RADIUS_M = 6_371_008.8;

  private final double detourFactor;
  private final double metresPerSecond;

  public HaversineMatrix(double detourFactor, double averageKmh) {
    if (!(detourFactor >= 1.0)) throw new IllegalArgumentException("detour factor must be >= 1");
    if (!(averageKmh > 0)) throw new IllegalArgumentException("average speed must be > 0");
    this.detourFactor = detourFactor;
    this.metresPerSecond = averageKmh / 3.6;
  }

  /** Great-circle distance in metres. */
  public static double greatCircleMetres(Location a, Location b) {
    double lat1 = Math.toRadians(a.lat());
    double lat2 = Math.toRadians(b.lat());
    double dLat = lat2 - lat1;
    double dLng = Math.toRadians(b.lng() - a.lng());
    // each sine once: matrices call this for every cell
    double sLat = Math.sin(dLat / 2);
    double sLng = Math.sin(dLng / 2);
    double h = sLat * sLat + Math.cos(lat1) * Math.cos(lat2) * sLng * sLng;
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** Road-like distance estimate in metres. */
  public double metres(Location a, Location b) {
    return greatCircleMetres(a, b) * detourFactor;
  }

  public double seconds(Location a, Location b) {
    return metres(a, b) / metresPerSecond;
  }

  /** The average speed: {@code seconds(a, b) == metres(a, b) / metresPerSecond()}. */
  public double metresPerSecond() {
    return metresPerSecond;
  }

  @Override
  public TravelMatrix matrix(List<Location> points) {
    return TravelMatrix.of(points, this::metres, metresPerSecond, Metric.HAVERSINE);
  }
}
