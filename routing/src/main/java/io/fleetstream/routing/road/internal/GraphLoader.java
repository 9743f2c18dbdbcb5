package io.fleetstream.routing.road.internal;

import com.graphhopper.GraphHopper;
import com.graphhopper.config.Profile;
import com.graphhopper.util.GHUtility;
import io.fleetstream.routing.road.RoadDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Imports an {@code .osm.pbf} into a GraphHopper graph once and loads the cached graph after that.
 */
public final class GraphLoader {

  /** The one routing profile: a car on the stock car custom model (OSM-derived average speeds). */
  public static final String PROFILE = "car";

  /** Bump when the import settings change, so an old cache is not loaded with new settings. */
  private static final String CACHE_VERSION = "v1";

  private static final String BUNDLED = "monaco-latest.osm.pbf";

  private GraphLoader() {}

  public static GraphHopper load(Path osmFile, Path dataDir) {
    if (!Files.isRegularFile(osmFile)) {
      throw new IllegalArgumentException("no such OSM file: " + osmFile);
    }
    Path cache = cacheDir(osmFile, dataDir);
    GraphHopper gh = new GraphHopper();
    gh.setOSMFile(osmFile.toString());
    gh.setGraphHopperLocation(cache.toString());
    gh.setEncodedValuesString("car_access, car_average_speed, road_access, max_speed");
    gh.setProfiles(
        new Profile(PROFILE).setCustomModel(GHUtility.loadCustomModelFromJar("car.json")));
    // Ways a car never uses: skipping them keeps the graph small and snapping on drivable roads.
    gh.getReaderConfig()
        .setIgnoredHighways(
            List.of(
                "footway",
                "cycleway",
                "path",
                "pedestrian",
                "steps",
                "bridleway",
                "construction",
                "proposed",
                "platform",
                "corridor"));
    gh.setMinNetworkSize(50);
    acceptLegacyPbfParser();
    try {
      gh.importOrLoad();
    } catch (RuntimeException e) {
      // A corrupted or truncated file: GraphHopper says so with a bare RuntimeException
      // ("Could not parse OSM file"), or whatever its reader threw. Say which file, and drop
      // the cache folder the failed import created (empty in the cases seen so far), so that
      // nothing of a failed import is ever mistaken for a graph.
      gh.close();
      deleteTree(cache);
      throw new RoadDataException(
          "cannot import the road map "
              + osmFile
              + " (corrupted or not an .osm.pbf file?): "
              + rootMessage(e),
          e);
    }
    return gh;
  }

  /**
   * GraphHopper reads {@code .osm.pbf} files with protobuf 3 generated code, which current
   * (patched) protobuf runtimes still run but warn about once per message type, dozens of times per
   * import: a crafted file can make that code work needlessly hard (GHSA-h4h5-3hr4-j3g2). A map
   * file is the operator's own input, read once at import, so Fleetstream accepts that risk here,
   * as protobuf documents, instead of printing the warnings in every command; docs/architecture.md
   * says to import only map files from a source you trust. An explicit setting of the property
   * wins. Public for the geocoder, which reads the same files with the same parser.
   */
  public static void acceptLegacyPbfParser() {
    if (System.getProperty(LEGACY_PBF_PROPERTY) == null) {
      System.setProperty(LEGACY_PBF_PROPERTY, "true");
    }
  }

  static final String LEGACY_PBF_PROPERTY = "com.google.protobuf.use_unsafe_pre22_gencode";

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete the cache folder of the failed import " + dir, e);
    }
  }

  /**
   * The embedded Monaco extract (© OpenStreetMap contributors, ODbL), copied out of the jar once.
   */
  public static Path bundledMonaco(Path dataDir) {
    Path target = dataDir.resolve("osm").resolve(BUNDLED);
    if (Files.isRegularFile(target)) return target;
    try (InputStream in =
        GraphLoader.class.getResourceAsStream("/io/fleetstream/routing/road/" + BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(
            BUNDLED + " is not on the classpath; build the routing module with Maven");
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), BUNDLED, ".part");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One cache folder per input file content (name, size, modification time) and settings version.
   */
  static Path cacheDir(Path osmFile, Path dataDir) {
    try {
      String name = osmFile.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
      String key =
          String.format(
              Locale.ROOT,
              "%s-%d-%d-%s",
              name,
              Files.size(osmFile),
              Files.getLastModifiedTime(osmFile).toMillis(),
              CACHE_VERSION);
      return dataDir.resolve("graph").resolve(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
