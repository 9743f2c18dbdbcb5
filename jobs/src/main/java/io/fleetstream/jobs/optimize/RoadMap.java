package io.fleetstream.jobs.optimize;

import io.fleetstream.routing.road.RoadNetwork;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The road network a job drives on: an OpenStreetMap file and where its imported graph is cached.
 * Strings, not paths, because the job's operators carry it to the TaskManagers (a {@link Path} is
 * not serializable); both are resolved there, so on a cluster they must name shared storage.
 *
 * @param dataDir where the imported graph is cached
 * @param osmFile the {@code .osm.pbf} to drive on; null: the embedded Monaco extract
 */
public record RoadMap(String dataDir, String osmFile) implements Serializable {

  private static final long serialVersionUID = 1L;

  public RoadMap {
    Objects.requireNonNull(dataDir, "dataDir");
  }

  /** The embedded Monaco extract, its graph cached under {@code dataDir}. */
  public static RoadMap embedded(Path dataDir) {
    return of(dataDir, null);
  }

  /**
   * {@code osmFile} (null: the embedded Monaco extract), its graph cached under {@code dataDir}.
   */
  public static RoadMap of(Path dataDir, Path osmFile) {
    return new RoadMap(
        dataDir.toAbsolutePath().normalize().toString(),
        osmFile == null ? null : osmFile.toAbsolutePath().normalize().toString());
  }

  /** The loaded network, shared by every operator of this JVM that drives on the same map. */
  public RoadNetwork network() {
    return RoadNetworks.shared(this);
  }

  public Path dataDirPath() {
    return Path.of(dataDir);
  }

  /** The map file, or null for the embedded extract. */
  public Path osmPath() {
    return osmFile == null ? null : Path.of(osmFile);
  }

  /** For logs and status: the map file's name, or the embedded extract. */
  public String describe() {
    return osmFile == null ? "embedded Monaco extract" : Path.of(osmFile).getFileName().toString();
  }
}
