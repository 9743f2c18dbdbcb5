package io.fleetstream.routing.road.internal;

import com.graphhopper.coll.MinHeapWithUpdate;
import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.util.EdgeExplorer;
import com.graphhopper.util.EdgeIterator;
import java.util.Arrays;

/**
 * A fastest-path tree from one source over a query graph (Dijkstra keyed on travel time), reading
 * off time and distance at the target nodes. It stops once every target is settled. One instance
 * per thread: it owns its explorer, heap and per-node arrays.
 */
final class OneToMany {

    private final QueryGraph graph;
    private final Weighting weighting;
    private final EdgeExplorer explorer;
    private final MinHeapWithUpdate heap;
    private final double[] millis;
    private final double[] metres;
    private final int[] stamp;
    private final boolean[] settled;
    private int round;

    OneToMany(QueryGraph graph, Weighting weighting) {
        this.graph = graph;
        this.weighting = weighting;
        this.explorer = graph.createEdgeExplorer();
        int n = graph.getNodes();
        this.heap = new MinHeapWithUpdate(n);
        this.millis = new double[n];
        this.metres = new double[n];
        this.stamp = new int[n];
        this.settled = new boolean[n];
    }

    /**
     * Fills {@code secondsOut[k]} and {@code metresOut[k]} for every target node; unreachable
     * targets get {@link Double#POSITIVE_INFINITY}.
     *
     * @param targetIsWanted marks target nodes (by node id) that should end the search once settled
     * @param distinctTargets number of distinct wanted nodes
     */
    void run(int source, int[] targets, boolean[] targetIsWanted, int distinctTargets,
             double[] secondsOut, double[] metresOut) {
        round++;
        heap.clear();
        Arrays.fill(settled, false);
        touch(source, 0, 0);
        heap.push(source, 0f);
        int remaining = distinctTargets;
        while (!heap.isEmpty() && remaining > 0) {
            int u = heap.poll();
            if (settled[u]) continue;
            settled[u] = true;
            if (targetIsWanted[u]) remaining--;
            double mu = millis[u];
            double du = metres[u];
            EdgeIterator it = explorer.setBaseNode(u);
            while (it.next()) {
                int v = it.getAdjNode();
                if (settled[v]) continue;
                double w = weighting.calcEdgeWeight(it, false);
                if (Double.isInfinite(w)) continue;
                double mv = mu + weighting.calcEdgeMillis(it, false);
                if (stamp[v] != round) {
                    touch(v, mv, du + it.getDistance());
                    heap.push(v, (float) mv);
                } else if (mv < millis[v]) {
                    millis[v] = mv;
                    metres[v] = du + it.getDistance();
                    heap.update(v, (float) mv);
                }
            }
        }
        for (int k = 0; k < targets.length; k++) {
            int t = targets[k];
            if (t >= 0 && stamp[t] == round && settled[t]) {
                secondsOut[k] = millis[t] / 1000.0;
                metresOut[k] = metres[t];
            } else {
                secondsOut[k] = Double.POSITIVE_INFINITY;
                metresOut[k] = Double.POSITIVE_INFINITY;
            }
        }
    }

    private void touch(int node, double ms, double m) {
        stamp[node] = round;
        millis[node] = ms;
        metres[node] = m;
    }
}
