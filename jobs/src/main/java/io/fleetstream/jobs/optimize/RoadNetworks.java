package io.fleetstream.jobs.optimize;

import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.road.RoadNetwork;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One road network per graph directory and JVM: parallel operator instances in a TaskManager share
 * it (it is read-only once loaded, and importing it twice into one directory would collide).
 */
public final class RoadNetworks {

  private static final Map<Path, RoadNetwork> LOADED = new HashMap<>();

  private RoadNetworks() {}

  /** The embedded Monaco map, its graph cached under {@code dataDir}. */
  public static synchronized RoadNetwork shared(Path dataDir) {
    return LOADED.computeIfAbsent(
        dataDir.toAbsolutePath().normalize(),
        dir -> RoadNetwork.load(RoadConfig.defaults().withDataDir(dir).withThreads(1)));
  }
}
