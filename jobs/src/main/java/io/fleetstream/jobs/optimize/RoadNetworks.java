package io.fleetstream.jobs.optimize;

import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.road.RoadNetwork;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One road network per map and JVM: parallel operator instances in a TaskManager share it (it is
 * read-only once loaded, and importing one map twice into one directory would collide).
 */
public final class RoadNetworks {

  private static final Map<RoadMap, RoadNetwork> LOADED = new HashMap<>();

  private RoadNetworks() {}

  /** The embedded Monaco map, its graph cached under {@code dataDir}. */
  public static RoadNetwork shared(Path dataDir) {
    return shared(RoadMap.embedded(dataDir));
  }

  /** The map's network, imported (or read from its cache) on first use in this JVM. */
  public static synchronized RoadNetwork shared(RoadMap map) {
    return LOADED.computeIfAbsent(
        map,
        m ->
            RoadNetwork.load(
                RoadConfig.defaults()
                    .withDataDir(m.dataDirPath())
                    .withThreads(1)
                    .withOsmFile(m.osmPath())));
  }
}
