package io.fleetstream.routing.road;

import com.graphhopper.GHRequest;
import com.graphhopper.GHResponse;
import com.graphhopper.GraphHopper;
import com.graphhopper.ResponsePath;
import com.graphhopper.routing.ev.Subnetwork;
import com.graphhopper.routing.util.DefaultSnapFilter;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.PMap;
import com.graphhopper.util.PointList;
import com.graphhopper.util.shapes.BBox;
import io.fleetstream.routing.geometry.Polyline;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixCells;
import io.fleetstream.routing.matrix.Metric;
import io.fleetstream.routing.matrix.SparseMatrixProvider;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.internal.Anchor;
import io.fleetstream.routing.road.internal.BackwardTree;
import io.fleetstream.routing.road.internal.GraphLoader;
import io.fleetstream.routing.road.internal.LegCache;
import io.fleetstream.routing.road.internal.LruCache;
import io.fleetstream.routing.road.internal.PathSearch;
import io.fleetstream.routing.road.internal.RoadMatrixBuilder;
import io.fleetstream.routing.road.internal.Snapper;
import io.fleetstream.routing.road.internal.SparseRoadMatrixBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A road network loaded from an {@code .osm.pbf} (the embedded Monaco extract by default, ©
 * OpenStreetMap contributors, ODbL): snapping with snap distance, travel matrices on the car
 * profile, route geometry. Points outside the map's bounds fall back to great-circle × detour at an
 * average speed and say so ({@code haversine}); points inside it that no road reaches are
 * unreachable, never silently routed.
 *
 * <p>A road leg's time and distance depend on its two points alone, never on the other points of
 * the same matrix: every point joins the graph on its own, costs are whole milliseconds and
 * millimetres, and equally fast paths go to the shorter one. That is what lets a sparse matrix
 * ({@link #matrix(List, MatrixCells)}) reuse legs from earlier requests and still equal the full
 * one.
 *
 * <p>Thread-safe after construction. Close it to release the graph.
 */
public final class RoadNetwork implements SparseMatrixProvider, RouteGeometry, AutoCloseable {

  private final RoadConfig config;
  private final Path osmFile;
  private final GraphHopper hopper;
  private final Weighting weighting;
  private final DefaultSnapFilter snapFilter;
  private final BBox bounds;
  private final HaversineMatrix fallback;
  private final Snapper snapper;
  private final LruCache<Location, Anchor> anchors;
  private final LegCache legs;
  // Sparse matrices run in the caller's thread; planners sharing this network each get a workspace.
  private final ThreadLocal<PathSearch> searches;

  private RoadNetwork(RoadConfig config) {
    this.config = config;
    this.osmFile =
        config.osmFile() != null ? config.osmFile() : GraphLoader.bundledMonaco(config.dataDir());
    this.hopper = GraphLoader.load(osmFile, config.dataDir());
    this.weighting = hopper.createWeighting(hopper.getProfile(GraphLoader.PROFILE), new PMap());
    this.snapFilter =
        new DefaultSnapFilter(
            weighting,
            hopper
                .getEncodingManager()
                .getBooleanEncodedValue(Subnetwork.key(GraphLoader.PROFILE)));
    this.bounds = hopper.getBaseGraph().getBounds();
    this.fallback = new HaversineMatrix(config.detourFactor(), config.fallbackKmh());
    this.snapper =
        new Snapper(
            hopper.getBaseGraph(),
            hopper.getLocationIndex(),
            snapFilter,
            weighting,
            config.maxSnapMetres());
    this.anchors = new LruCache<>(config.cacheEntries());
    this.legs = new LegCache(config.cacheEntries());
    this.searches = ThreadLocal.withInitial(this::newSearch);
  }

  /**
   * The embedded Monaco extract (© OpenStreetMap contributors, ODbL) as a file under {@code
   * dataDir}, copied out of the jar the first time: the map of a stack started without {@code
   * --osm}.
   */
  public static Path embeddedMap(Path dataDir) {
    return GraphLoader.bundledMonaco(dataDir);
  }

  /** Loads (importing on first use, then from the cache) the map the configuration names. */
  public static RoadNetwork load(RoadConfig config) {
    return new RoadNetwork(Objects.requireNonNull(config));
  }

  public RoadConfig config() {
    return config;
  }

  /** The map file in use (the unpacked embedded extract when none was configured). */
  public Path osmFile() {
    return osmFile;
  }

  /** Number of nodes in the road graph. */
  public int nodes() {
    return hopper.getBaseGraph().getNodes();
  }

  /** The map's bounds as {minLat, minLng, maxLat, maxLng}. */
  public double[] bounds() {
    return new double[] {bounds.minLat, bounds.minLon, bounds.maxLat, bounds.maxLon};
  }

  public boolean covers(Location p) {
    return bounds.contains(p.lat(), p.lng());
  }

  /**
   * True for a point inside the map that no drivable road passes within the snap limit: every leg
   * to or from it is unreachable, whoever drives (the anchor is cached, as for matrices).
   */
  public boolean offRoad(Location p) {
    return anchor(p).kind() == Anchor.Kind.OFF_ROAD;
  }

  public SnapResult snap(Location p) {
    if (!covers(p)) return new SnapResult(p, SnapResult.Status.OUTSIDE_COVERAGE, null, Double.NaN);
    Snap s = hopper.getLocationIndex().findClosest(p.lat(), p.lng(), snapFilter);
    if (!s.isValid() || s.getQueryDistance() > config.maxSnapMetres()) {
      return new SnapResult(
          p,
          SnapResult.Status.NOT_SNAPPABLE,
          null,
          s.isValid() ? s.getQueryDistance() : Double.NaN);
    }
    return new SnapResult(
        p,
        SnapResult.Status.SNAPPED,
        new Location(s.getSnappedPoint().lat, s.getSnappedPoint().lon),
        s.getQueryDistance());
  }

  /** Snaps every point (see {@link #snap}). */
  public List<SnapResult> snapAll(List<Location> points) {
    return points.stream().map(this::snap).toList();
  }

  @Override
  public TravelMatrix matrix(List<Location> points) {
    return RoadMatrixBuilder.build(
        points, anchors(points), this::newSearch, fallback, config.threads());
  }

  /**
   * The matrix with only {@code cells} searched, in the calling thread. Those cells, and every cell
   * touching a point outside the map or off the road, equal {@link #matrix(List)}'s; the other
   * cells between road points hold the great-circle fallback (great circle × detour factor at the
   * fallback speed) as a placeholder, while their metric still says {@code road}. A row costs one
   * forward search, a column one backward search, a single leg nothing when an earlier call already
   * needed it (the last {@link RoadConfig#cacheEntries()} legs are kept) and otherwise a search
   * that stops at its target.
   */
  @Override
  public TravelMatrix matrix(List<Location> points, MatrixCells cells) {
    if (cells.maxIndex() >= points.size()) {
      throw new IllegalArgumentException(
          "cells name point " + cells.maxIndex() + " of " + points.size());
    }
    return SparseRoadMatrixBuilder.build(
        points, anchors(points), cells, searches.get(), legs, fallback);
  }

  /** Number of road legs cached for sparse matrices (at most {@link RoadConfig#cacheEntries()}). */
  public int cachedLegs() {
    return legs.size();
  }

  /**
   * Legs from any point to {@code destination}, for a caller that asks the same destination from
   * many places (a driver on the way to a stop, pinging as it goes): one search backward from the
   * destination, grown only as far as the points asked about and kept, instead of a search per
   * point. Each leg equals {@link #matrix(List, MatrixCells)}'s cell for the same two points. The
   * tree is the caller's alone (not thread-safe); it holds the graph nodes it has settled.
   */
  public ArrivalTree arrivalTree(Location destination) {
    return new ArrivalTree(
        destination,
        this::anchor,
        fallback,
        a -> new BackwardTree(hopper.getBaseGraph(), weighting, snapper, a));
  }

  private Anchor[] anchors(List<Location> points) {
    Anchor[] a = new Anchor[points.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = anchor(points.get(i));
    }
    return a;
  }

  private Anchor anchor(Location p) {
    if (!covers(p)) {
      return Anchor.outside(p);
    }
    Anchor cached = anchors.get(p);
    if (cached == null) {
      cached = snapper.anchor(p);
      anchors.put(p, cached);
    }
    return cached;
  }

  private PathSearch newSearch() {
    return new PathSearch(hopper.getBaseGraph(), weighting, snapper);
  }

  /** Drives through the waypoints in order; legs leaving the map are straight great-circle legs. */
  public RoadRoute route(List<Location> waypoints) {
    List<Location> shape = new ArrayList<>();
    double metres = 0;
    double seconds = 0;
    boolean haversine = false;
    boolean reachable = true;
    for (int k = 0; k + 1 < waypoints.size(); k++) {
      Location a = waypoints.get(k);
      Location b = waypoints.get(k + 1);
      if (!covers(a) || !covers(b)) {
        haversine = true;
        metres += fallback.metres(a, b);
        seconds += fallback.seconds(a, b);
        addPoint(shape, a);
        addPoint(shape, b);
        continue;
      }
      GHResponse rsp =
          hopper.route(
              new GHRequest(a.lat(), a.lng(), b.lat(), b.lng())
                  .setProfile(GraphLoader.PROFILE)
                  .putHint("instructions", false)
                  .putHint("calc_points", true));
      if (rsp.hasErrors()) {
        reachable = false;
        addPoint(shape, a);
        addPoint(shape, b);
        continue;
      }
      ResponsePath path = rsp.getBest();
      metres += path.getDistance();
      seconds += path.getTime() / 1000.0;
      PointList pl = path.getPoints();
      for (int i = 0; i < pl.size(); i++) addPoint(shape, new Location(pl.getLat(i), pl.getLon(i)));
    }
    if (waypoints.size() == 1) addPoint(shape, waypoints.get(0));
    String metric = haversine ? Metric.HAVERSINE.wireName() : Metric.ROAD.wireName();
    return new RoadRoute(metres, seconds, metric, reachable, Polyline.encode(shape));
  }

  @Override
  public String encodedPolyline(List<Location> waypoints) {
    return route(waypoints).polyline();
  }

  private static void addPoint(List<Location> shape, Location p) {
    if (shape.isEmpty() || !shape.get(shape.size() - 1).equals(p)) shape.add(p);
  }

  @Override
  public void close() {
    hopper.close();
  }
}
