package io.fleetstream.routing.matrix;

import io.fleetstream.routing.model.Location;
import java.util.Arrays;
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
        int n = points.size();
        double[] d = new double[n * n];
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = distance(points.get(i), points.get(j));
                d[i * n + j] = v;
                t[i * n + j] = v / speed;
            }
        }
        Metric[] m = new Metric[n];
        Arrays.fill(m, Metric.EUCLIDEAN);
        return new TravelMatrix(points, t, d, m);
    }
}
