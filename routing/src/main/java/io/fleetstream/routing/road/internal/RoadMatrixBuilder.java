package io.fleetstream.routing.road.internal;

import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.Metric;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Builds an N×N road matrix: one fastest-path tree per point on the road, points shared out over
 * threads, results written straight into two primitive N² arrays. Legs touching a point outside the
 * map are great-circle estimates; legs touching an off-road point inside it are unreachable.
 */
public final class RoadMatrixBuilder {

  private RoadMatrixBuilder() {}

  /**
   * @param searches a fresh search per worker thread
   */
  public static TravelMatrix build(
      List<Location> points,
      Anchor[] anchors,
      Supplier<PathSearch> searches,
      HaversineMatrix fallback,
      int threads) {
    int n = points.size();
    double[] seconds = new double[n * n];
    double[] metres = new double[n * n];
    fillOffRoad(points, anchors, fallback, seconds, metres);
    int[] road = onRoad(anchors);
    Anchor[] targets = pick(anchors, road);
    int workers = Math.max(1, Math.min(threads, road.length));
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "fleetstream-matrix");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        futures.add(
            pool.submit(
                () -> {
                  PathSearch search = searches.get();
                  long[] ms = new long[road.length];
                  long[] mm = new long[road.length];
                  for (int r = next.getAndIncrement();
                      r < road.length;
                      r = next.getAndIncrement()) {
                    search.fromOne(targets[r], targets, ms, mm);
                    for (int c = 0; c < road.length; c++)
                      write(n, road[r], road[c], ms[c], mm[c], seconds, metres);
                  }
                }));
      }
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("matrix interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("matrix failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new TravelMatrix(points, seconds, metres, metrics(anchors));
  }

  /** Per point, the metric of its legs: great circle outside the map, road inside it. */
  static Metric[] metrics(Anchor[] anchors) {
    Metric[] m = new Metric[anchors.length];
    for (int i = 0; i < anchors.length; i++) {
      m[i] = anchors[i].kind() == Anchor.Kind.OUTSIDE ? Metric.HAVERSINE : Metric.ROAD;
    }
    return m;
  }

  /** Indices of the points on the road. */
  static int[] onRoad(Anchor[] anchors) {
    int[] idx = new int[anchors.length];
    int k = 0;
    for (int i = 0; i < anchors.length; i++) {
      if (anchors[i].onRoad()) idx[k++] = i;
    }
    return Arrays.copyOf(idx, k);
  }

  static Anchor[] pick(Anchor[] anchors, int[] idx) {
    Anchor[] out = new Anchor[idx.length];
    for (int k = 0; k < idx.length; k++) out[k] = anchors[idx[k]];
    return out;
  }

  /** One road cell; the diagonal stays zero. */
  static void write(int n, int i, int j, long ms, long mm, double[] seconds, double[] metres) {
    if (i == j) return;
    boolean ok = ms != Long.MAX_VALUE;
    seconds[i * n + j] = ok ? ms / 1000.0 : Double.POSITIVE_INFINITY;
    metres[i * n + j] = ok ? mm / 1000.0 : Double.POSITIVE_INFINITY;
  }

  /**
   * Cells with at least one end off the road: great circle if off the map, unreachable if off-road
   * inside it. Road-to-road cells are left to the caller.
   */
  static void fillOffRoad(
      List<Location> points,
      Anchor[] anchors,
      HaversineMatrix fallback,
      double[] seconds,
      double[] metres) {
    int n = points.size();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int c = i * n + j;
        Anchor.Kind a = anchors[i].kind();
        Anchor.Kind b = anchors[j].kind();
        if (i == j || (a == Anchor.Kind.ON_ROAD && b == Anchor.Kind.ON_ROAD)) {
          continue;
        } else if (a == Anchor.Kind.OFF_ROAD || b == Anchor.Kind.OFF_ROAD) {
          seconds[c] = Double.POSITIVE_INFINITY;
          metres[c] = Double.POSITIVE_INFINITY;
        } else {
          greatCircle(points, i, j, fallback, seconds, metres);
        }
      }
    }
  }

  /** The fallback's figures for one cell, from one great-circle computation. */
  static void greatCircle(
      List<Location> points,
      int i,
      int j,
      HaversineMatrix fallback,
      double[] seconds,
      double[] metres) {
    int c = i * points.size() + j;
    metres[c] = fallback.metres(points.get(i), points.get(j));
    seconds[c] = metres[c] / fallback.metresPerSecond();
  }
}
