package io.fleetstream.routing.road;

import io.fleetstream.routing.model.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The embedded Monaco map, imported once per build into target/graph-cache and shared by test classes. */
final class MonacoFixture {

    private static RoadNetwork network;

    private MonacoFixture() {
    }

    static synchronized RoadNetwork network() {
        if (network == null) {
            String dir = System.getProperty("fleetstream.test.graph.cache", "target/graph-cache");
            network = RoadNetwork.load(RoadConfig.defaults().withDataDir(Path.of(dir)).withThreads(2));
        }
        return network;
    }

    /** Random points inside the map's bounds that snap to a road. */
    static List<Location> snappablePoints(int n, long seed) {
        RoadNetwork net = network();
        double[] b = net.bounds();
        Random rnd = new Random(seed);
        List<Location> out = new ArrayList<>();
        while (out.size() < n) {
            Location p = new Location(b[0] + rnd.nextDouble() * (b[2] - b[0]), b[1] + rnd.nextDouble() * (b[3] - b[1]));
            SnapResult s = net.snap(p);
            if (s.status() == SnapResult.Status.SNAPPED && s.snapDistanceMetres() < 100) out.add(p);
        }
        return out;
    }
}
