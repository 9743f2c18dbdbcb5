package io.fleetstream.deploy.cli;

import io.fleetstream.routing.road.RoadConfig;
import io.fleetstream.routing.road.RoadNetwork;
import java.nio.file.Path;

/** The road map a command's own simulated drivers drive on: the stack's, in its own graph copy. */
final class SimulatorMap {

  private SimulatorMap() {}

  /** {@code osm} (null: the embedded Monaco extract), cached in the data directory's sim-graph. */
  static RoadNetwork load(Path dataDir, Path osm) {
    return RoadNetwork.load(
        RoadConfig.defaults().withDataDir(dataDir.resolve("sim-graph")).withOsmFile(osm));
  }

  /** "in Monaco", or "on the map F" for progress lines. */
  static String where(Path osm) {
    return osm == null ? "in Monaco" : "on the map " + osm.getFileName();
  }
}
