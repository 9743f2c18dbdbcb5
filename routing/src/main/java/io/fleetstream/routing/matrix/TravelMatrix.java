package io.fleetstream.routing.matrix;

import io.fleetstream.routing.model.Location;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Travel time (seconds) and distance (metres, or instance units) between every pair of a list of
 * points, in two row-major primitive arrays: memory is 16 bytes per cell, no boxed values. An
 * unreachable pair holds {@link Double#POSITIVE_INFINITY} in both arrays.
 */
public final class TravelMatrix {

  private final List<Location> points;
  private final Map<Location, Integer> index;
  private final int n;
  private final double[] seconds;
  private final double[] metres;
  private final Metric[] pointMetric;
  // Counted on first use: every search phase asks, and the count is O(n²). -1: not yet counted.
  private volatile long unreachable = -1;

  /**
   * A matrix over {@code points}; it keeps {@code seconds} and {@code metres} (row-major, n × n) as
   * they are, so they must not change afterwards.
   *
   * @param pointMetric per point, the metric of every leg that touches it: {@code ROAD} for points
   *     snapped to the graph, {@code HAVERSINE} for points outside it; a leg between a road point
   *     and a haversine point is haversine.
   */
  public TravelMatrix(
      List<Location> points, double[] seconds, double[] metres, Metric[] pointMetric) {
    this.points = List.copyOf(points);
    this.n = this.points.size();
    if (seconds.length != n * n || metres.length != n * n || pointMetric.length != n) {
      throw new IllegalArgumentException("matrix arrays do not match " + n + " points");
    }
    this.seconds = seconds;
    this.metres = metres;
    this.pointMetric = pointMetric.clone();
    this.index = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) index.putIfAbsent(this.points.get(i), i);
  }

  /**
   * The matrix of a closed-form distance (straight lines of some kind) travelled at a constant
   * speed, every point measured by {@code metric}.
   */
  public static TravelMatrix of(
      List<Location> points,
      java.util.function.ToDoubleBiFunction<Location, Location> distance,
      double speed,
      Metric metric) {
    int n = points.size();
    double[] d = new double[n * n];
    double[] t = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double v = distance.applyAsDouble(points.get(i), points.get(j));
        d[i * n + j] = v;
        t[i * n + j] = v / speed;
      }
    }
    Metric[] m = new Metric[n];
    java.util.Arrays.fill(m, metric);
    return new TravelMatrix(points, t, d, m);
  }

  public int size() {
    return n;
  }

  public List<Location> points() {
    return points;
  }

  /** Index of a point, or -1 when it is not in the matrix. */
  public int indexOf(Location location) {
    Integer i = index.get(location);
    return i == null ? -1 : i;
  }

  /**
   * The same legs between {@code subset} of this matrix's points, in that order: a problem that
   * visits a few of many points measured once gets its matrix without another road search.
   *
   * @throws IllegalArgumentException if a point is not in this matrix
   */
  public TravelMatrix restrictedTo(List<Location> subset) {
    int m = subset.size();
    int[] at = new int[m];
    Metric[] metrics = new Metric[m];
    for (int i = 0; i < m; i++) {
      at[i] = indexOf(subset.get(i));
      if (at[i] < 0) {
        throw new IllegalArgumentException("not in the matrix: " + subset.get(i));
      }
      metrics[i] = pointMetric[at[i]];
    }
    double[] t = new double[m * m];
    double[] d = new double[m * m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        t[i * m + j] = seconds(at[i], at[j]);
        d[i * m + j] = metres(at[i], at[j]);
      }
    }
    return new TravelMatrix(subset, t, d, metrics);
  }

  public double seconds(int from, int to) {
    return seconds[from * n + to];
  }

  public double metres(int from, int to) {
    return metres[from * n + to];
  }

  public boolean reachable(int from, int to) {
    return seconds[from * n + to] != Double.POSITIVE_INFINITY;
  }

  /** The metric a leg was measured with. */
  public Metric metric(int from, int to) {
    Metric a = pointMetric[from];
    Metric b = pointMetric[to];
    if (a == b) return a;
    return Metric.HAVERSINE;
  }

  public Metric pointMetric(int i) {
    return pointMetric[i];
  }

  /** Number of ordered pairs (i ≠ j) that no road connects. */
  public long unreachableCount() {
    if (unreachable < 0) unreachable = countUnreachable(); // racing threads count the same
    return unreachable;
  }

  private long countUnreachable() {
    long c = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j && !reachable(i, j)) c++;
      }
    }
    return c;
  }
}
