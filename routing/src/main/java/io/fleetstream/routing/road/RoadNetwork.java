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
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.matrix.Metric;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.internal.GraphLoader;
import io.fleetstream.routing.road.internal.RoadMatrixBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A road network loaded from an {@code .osm.pbf} (the embedded Monaco extract by default, © OpenStreetMap
 * contributors, ODbL): snapping with snap distance, travel matrices on the car profile, route
 * geometry. Points outside the map's bounds fall back to great-circle × detour at an average speed
 * and say so ({@code haversine}); points inside it that no road reaches are unreachable, never
 * silently routed.
 *
 * <p>Thread-safe after construction. Close it to release the graph.
 */
public final class RoadNetwork implements MatrixProvider, RouteGeometry, AutoCloseable {

    private final RoadConfig config;
    private final Path osmFile;
    private final GraphHopper hopper;
    private final Weighting weighting;
    private final DefaultSnapFilter snapFilter;
    private final BBox bounds;
    private final HaversineMatrix fallback;

    private RoadNetwork(RoadConfig config) {
        this.config = config;
        this.osmFile = config.osmFile() != null ? config.osmFile() : GraphLoader.bundledMonaco(config.dataDir());
        this.hopper = GraphLoader.load(osmFile, config.dataDir());
        this.weighting = hopper.createWeighting(hopper.getProfile(GraphLoader.PROFILE), new PMap());
        this.snapFilter = new DefaultSnapFilter(weighting,
                hopper.getEncodingManager().getBooleanEncodedValue(Subnetwork.key(GraphLoader.PROFILE)));
        this.bounds = hopper.getBaseGraph().getBounds();
        this.fallback = new HaversineMatrix(config.detourFactor(), config.fallbackKmh());
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

    public SnapResult snap(Location p) {
        if (!covers(p)) return new SnapResult(p, SnapResult.Status.OUTSIDE_COVERAGE, null, Double.NaN);
        Snap s = hopper.getLocationIndex().findClosest(p.lat(), p.lng(), snapFilter);
        if (!s.isValid() || s.getQueryDistance() > config.maxSnapMetres()) {
            return new SnapResult(p, SnapResult.Status.NOT_SNAPPABLE, null, s.isValid() ? s.getQueryDistance() : Double.NaN);
        }
        return new SnapResult(p, SnapResult.Status.SNAPPED,
                new Location(s.getSnappedPoint().lat, s.getSnappedPoint().lon), s.getQueryDistance());
    }

    /** Snaps every point (see {@link #snap}). */
    public List<SnapResult> snapAll(List<Location> points) {
        return points.stream().map(this::snap).toList();
    }

    @Override
    public TravelMatrix matrix(List<Location> points) {
        int n = points.size();
        Snap[] snaps = new Snap[n];
        boolean[] outside = new boolean[n];
        for (int i = 0; i < n; i++) {
            Location p = points.get(i);
            outside[i] = !covers(p);
            if (outside[i]) continue;
            Snap s = hopper.getLocationIndex().findClosest(p.lat(), p.lng(), snapFilter);
            if (s.isValid() && s.getQueryDistance() <= config.maxSnapMetres()) snaps[i] = s;
        }
        return RoadMatrixBuilder.build(points, snaps, outside, hopper.getBaseGraph(), weighting, fallback,
                config.threads());
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
            GHResponse rsp = hopper.route(new GHRequest(a.lat(), a.lng(), b.lat(), b.lng())
                    .setProfile(GraphLoader.PROFILE).putHint("instructions", false).putHint("calc_points", true));
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
