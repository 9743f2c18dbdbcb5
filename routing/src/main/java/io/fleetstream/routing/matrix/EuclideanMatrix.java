package io.fleetstream.routing.matrix;

import io.fleetstream.routing.model.Location;
import java.util.List;

/**
 * Straight-line distances in the plane ({@code lng = x}, {@code lat = y}), time = distance / speed.
 * Benchmark instances (Solomon) use speed 1, so time equals distance, unrounded.
 */
public final class EuclideanMatrix implements MatrixProvider {

  private final double speed;

  private EuclideanMatrix(double speed) {
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0");
    this.speed = speed;
  }

  /** Time equals distance, as in the Solomon instances. */
  public static EuclideanMatrix unitSpeed() {
    return new EuclideanMatrix(1.0);
  }

  public static EuclideanMatrix withSpeed(double unitsPerSecond) {
    return new EuclideanMatrix(unitsPerSecond);
  }

  public static double distance(Location a, Location b) {
    double dx = a.lng() - b.lng();
    double dy = a.lat() - b.lat();
    return Math.sqrt(dx * dx + dy * dy);
  }

  @Override
  public TravelMatrix matrix(List<Location> points) {
    return TravelMatrix.of(points, EuclideanMatrix::distance, speed, Metric.EUCLIDEAN);
  }
}
