package io.fleetstream.deploy.cli;

import java.io.PrintWriter;
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
   * True when a file was named that is not there, after saying so on {@code err} ("error: no such
   * OSM file: FILE"): the command then returns its error exit code before anything starts, as in
   * {@code if (map.missing(err)) { return 1; }}.
   */
  boolean missing(PrintWriter err) {
    if (osm == null || Files.isRegularFile(osm)) {
      return false;
    }
    err.println("error: " + notThere());
    err.flush();
    return true;
  }

  /**
   * The file as an absolute path, null when none was named.
   *
   * @throws IllegalArgumentException naming the file when it is not there (commands that print
   *     their own errors ask {@link #missing} first)
   */
  Path file() {
    if (osm == null) {
      return null;
    }
    if (!Files.isRegularFile(osm)) {
      throw new IllegalArgumentException(notThere());
    }
    return osm.toAbsolutePath().normalize();
  }

  private String notThere() {
    return "no such OSM file: " + osm;
  }
}
