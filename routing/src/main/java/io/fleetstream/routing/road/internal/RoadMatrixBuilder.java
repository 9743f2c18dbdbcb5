package io.fleetstream.routing.road.internal;

import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.BaseGraph;
import com.graphhopper.storage.index.Snap;
import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.Metric;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds an N×N road matrix: one fastest-path tree per snapped source, sources shared out over
 * threads, results written straight into two primitive N² arrays. Legs touching a point outside
 * the map are great-circle estimates; legs touching an unsnappable point inside it are unreachable.
 */
public final class RoadMatrixBuilder {

    private RoadMatrixBuilder() {
    }

    /**
     * @param snaps per point, the valid snap or null when the point is not on the graph
     * @param outside per point, true when it lies outside the map (haversine legs)
     */
    public static TravelMatrix build(List<Location> points, Snap[] snaps, boolean[] outside, BaseGraph graph,
                                     Weighting weighting, HaversineMatrix fallback, int threads) {
        int n = points.size();
        double[] seconds = new double[n * n];
        double[] metres = new double[n * n];
        Metric[] metric = new Metric[n];
        List<Snap> valid = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            metric[i] = outside[i] ? Metric.HAVERSINE : Metric.ROAD;
            if (snaps[i] != null) valid.add(snaps[i]);
        }
        // Creating the query graph turns each snap's closest node into its (virtual) node id.
        QueryGraph qg = QueryGraph.create(graph, valid);
        Weighting qw = qg.wrapWeighting(weighting);
        int[] node = new int[n];
        boolean[] wanted = new boolean[qg.getNodes()];
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            node[i] = snaps[i] == null ? -1 : snaps[i].getClosestNode();
            if (node[i] >= 0 && !wanted[node[i]]) {
                wanted[node[i]] = true;
                distinct++;
            }
        }
        fillNonRoad(points, outside, snaps, fallback, seconds, metres);
        int workers = Math.max(1, Math.min(threads, n));
        AtomicInteger next = new AtomicInteger();
        final int distinctTargets = distinct;
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "fleetstream-matrix");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    OneToMany tree = new OneToMany(qg, qw);
                    double[] rowS = new double[n];
                    double[] rowM = new double[n];
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        if (node[i] < 0) continue;
                        tree.run(node[i], node, wanted, distinctTargets, rowS, rowM);
                        for (int j = 0; j < n; j++) {
                            if (node[j] < 0) continue;
                            seconds[i * n + j] = i == j ? 0 : rowS[j];
                            metres[i * n + j] = i == j ? 0 : rowM[j];
                        }
                    }
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("matrix interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("matrix failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new TravelMatrix(points, seconds, metres, metric);
    }

    /** Cells with at least one end off the graph: great circle if off the map, unreachable if unsnappable. */
    private static void fillNonRoad(List<Location> points, boolean[] outside, Snap[] snaps, HaversineMatrix fallback,
                                    double[] seconds, double[] metres) {
        int n = points.size();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int c = i * n + j;
                if (i == j) {
                    seconds[c] = 0;
                    metres[c] = 0;
                } else if (outside[i] || outside[j]) {
                    boolean blocked = (!outside[i] && snaps[i] == null) || (!outside[j] && snaps[j] == null);
                    seconds[c] = blocked ? Double.POSITIVE_INFINITY : fallback.seconds(points.get(i), points.get(j));
                    metres[c] = blocked ? Double.POSITIVE_INFINITY : fallback.metres(points.get(i), points.get(j));
                } else if (snaps[i] == null || snaps[j] == null) {
                    seconds[c] = Double.POSITIVE_INFINITY;
                    metres[c] = Double.POSITIVE_INFINITY;
                }
            }
        }
    }
}
