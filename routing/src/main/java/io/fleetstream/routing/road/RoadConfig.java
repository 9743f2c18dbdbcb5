package io.fleetstream.routing.road;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of the road network, loaded once.
 *
 * @param osmFile the {@code .osm.pbf} to load; null means the embedded Monaco extract
 * @param dataDir where the imported graph is cached (and the embedded extract unpacked)
 * @param maxSnapMetres a point inside the map farther than this from any road cannot be snapped
 * @param detourFactor multiplies great-circle distance for points outside the map
 * @param fallbackKmh average speed for points outside the map
 * @param threads matrix worker threads
 * @param cacheEntries bounds each of the two caches behind sparse matrices: road legs by their end
 *     points, and points' places on the graph (about 200 bytes an entry)
 */
public record RoadConfig(
    Path osmFile,
    Path dataDir,
    double maxSnapMetres,
    double detourFactor,
    double fallbackKmh,
    int threads,
    int cacheEntries) {

  public RoadConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    if (!(maxSnapMetres > 0)) throw new IllegalArgumentException("maxSnapMetres must be > 0");
    if (!(detourFactor >= 1)) throw new IllegalArgumentException("detourFactor must be >= 1");
    if (!(fallbackKmh > 0)) throw new IllegalArgumentException("fallbackKmh must be > 0");
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
    if (cacheEntries < 1) throw new IllegalArgumentException("cacheEntries must be >= 1");
  }

  /**
   * The embedded Monaco map, cached under {@code ./.fleetstream}, 500 m snapping, ×1.3 at 30 km/h,
   * 50,000 cached legs (the routes of a few thousand drivers).
   */
  public static RoadConfig defaults() {
    return new RoadConfig(
        null,
        Path.of(".fleetstream"),
        500,
        1.3,
        30,
        Runtime.getRuntime().availableProcessors(),
        50_000);
  }

  public RoadConfig withOsmFile(Path f) {
    return new RoadConfig(
        f, dataDir, maxSnapMetres, detourFactor, fallbackKmh, threads, cacheEntries);
  }

  public RoadConfig withDataDir(Path d) {
    return new RoadConfig(
        osmFile, d, maxSnapMetres, detourFactor, fallbackKmh, threads, cacheEntries);
  }

  public RoadConfig withMaxSnapMetres(double m) {
    return new RoadConfig(osmFile, dataDir, m, detourFactor, fallbackKmh, threads, cacheEntries);
  }

  public RoadConfig withFallback(double detour, double kmh) {
    return new RoadConfig(osmFile, dataDir, maxSnapMetres, detour, kmh, threads, cacheEntries);
  }

  public RoadConfig withThreads(int t) {
    return new RoadConfig(
        osmFile, dataDir, maxSnapMetres, detourFactor, fallbackKmh, t, cacheEntries);
  }

  public RoadConfig withCacheEntries(int entries) {
    return new RoadConfig(
        osmFile, dataDir, maxSnapMetres, detourFactor, fallbackKmh, threads, entries);
  }
}
