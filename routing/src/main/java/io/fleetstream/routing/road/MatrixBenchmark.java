package io.fleetstream.routing.road;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Times an N×N road matrix on random snappable points of a map (the {@code matrix} command). */
public final class MatrixBenchmark {

  /**
   * The {@code matrix --json} contract: {@code points}, {@code elapsed_ms} (matrix only, graph
   * already loaded), {@code unreachable} (ordered pairs no road connects), plus the load time, the
   * map file and the graph size.
   */
  @JsonPropertyOrder({
    "points",
    "elapsed_ms",
    "unreachable",
    "load_ms",
    "osm_file",
    "graph_nodes",
    "threads"
  })
  public record Summary(
      int points,
      @JsonProperty("elapsed_ms") long elapsedMs,
      long unreachable,
      @JsonProperty("load_ms") long loadMs,
      @JsonProperty("osm_file") String osmFile,
      @JsonProperty("graph_nodes") int graphNodes,
      int threads) {}

  private MatrixBenchmark() {}

  public static Summary run(RoadConfig config, int points, long seed) {
    if (points < 1) throw new IllegalArgumentException("--points must be >= 1");
    long t0 = System.nanoTime();
    try (RoadNetwork net = RoadNetwork.load(config)) {
      long loadMs = (System.nanoTime() - t0) / 1_000_000;
      List<Location> pts = randomRoadPoints(net, points, seed);
      long t1 = System.nanoTime();
      TravelMatrix m = net.matrix(pts);
      long ms = (System.nanoTime() - t1) / 1_000_000;
      return new Summary(
          points,
          ms,
          m.unreachableCount(),
          loadMs,
          net.osmFile().toString(),
          net.nodes(),
          config.threads());
    }
  }

  /** Uniform points in the map's bounds, kept when they snap to a road within the snap limit. */
  public static List<Location> randomRoadPoints(RoadNetwork net, int n, long seed) {
    double[] b = net.bounds();
    Random rnd = new Random(seed);
    List<Location> out = new ArrayList<>(n);
    int tries = 0;
    while (out.size() < n) {
      if (++tries > 1000L * n + 10_000)
        throw new IllegalStateException("the map has too few roads to place " + n + " points");
      Location p =
          new Location(
              b[0] + rnd.nextDouble() * (b[2] - b[0]), b[1] + rnd.nextDouble() * (b[3] - b[1]));
      if (net.snap(p).status() == SnapResult.Status.SNAPPED) out.add(p);
    }
    return out;
  }
}
