package io.fleetstream.deploy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --osm FILE}: the road map a command drives on instead of the embedded Monaco extract. */
public final class MapOption {

  @Option(
      names = "--osm",
      paramLabel = "FILE",
      description =
          "Drive on this OpenStreetMap extract (.osm.pbf, e.g. from download.geofabrik.de)"
              + " instead of the embedded Monaco map; its graph is imported once and cached.")
  Path osm;

  /**
   * The file as an absolute path, null when none was named.
   *
   * @throws IllegalArgumentException naming the file when it is not there
   */
  Path file() {
    if (osm == null) {
      return null;
    }
    if (!Files.isRegularFile(osm)) {
      throw new IllegalArgumentException("no such OSM file: " + osm);
    }
    return osm.toAbsolutePath().normalize();
  }
}
