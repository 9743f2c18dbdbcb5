package io.fleetstream.routing.road;

import io.fleetstream.routing.model.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The embedded Monaco map, imported once per build into target/graph-cache and shared by test
 * classes.
 */
public final class MonacoFixture {

  private static RoadNetwork network;

  private MonacoFixture() {}

  public static synchronized RoadNetwork network() {
    if (network == null) {
      network = RoadNetwork.load(config());
    }
    return network;
  }

  /** The shared network's configuration, for tests that need a variant of it. */
  public static RoadConfig config() {
    String dir = System.getProperty("fleetstream.test.graph.cache", "target/graph-cache");
    return RoadConfig.defaults().withDataDir(Path.of(dir)).withThreads(2);
  }

  /** Random points inside the map's bounds that snap to a road. */
  public static List<Location> snappablePoints(int n, long seed) {
    RoadNetwork net = network();
    double[] b = net.bounds();
    Random rnd = new Random(seed);
    List<Location> out = new ArrayList<>();
    while (out.size() < n) {
      Location p =
          new Location(
              b[0] + rnd.nextDouble() * (b[2] - b[0]), b[1] + rnd.nextDouble() * (b[3] - b[1]));
      SnapResult s = net.snap(p);
      if (s.status() == SnapResult.Status.SNAPPED && s.snapDistanceMetres() < 100) out.add(p);
    }
    return out;
  }
}
