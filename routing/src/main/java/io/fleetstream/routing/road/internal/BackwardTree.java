package io.fleetstream.routing.road.internal;

import com.carrotsearch.hppc.IntHashSet;
import com.carrotsearch.hppc.IntLongHashMap;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.BaseGraph;
import com.graphhopper.util.EdgeExplorer;
import com.graphhopper.util.EdgeIterator;

/**
 * The fastest legs from every graph node to one anchored destination: a Dijkstra search backward
 * over incoming edges, grown only as far as the points asked about need, and kept between calls.
 * Asking from a node the search has already settled costs a map lookup; asking from farther away
 * resumes the search where it stopped. So a driver heading to a stop costs one search for the whole
 * approach, however many places it is asked from.
 *
 * <p>Keyed on (milliseconds, millimetres) and summing the same integer edge costs as {@link
 * PathSearch}, so every leg equals the one {@link PathSearch#leg} finds, exactly. Memory grows with
 * the nodes settled (the ball around the destination out to the farthest point asked about), kept
 * in primitive maps. Not thread-safe: one owner.
 */
public final class BackwardTree {

  private final Anchor destination;
  private final Weighting weighting;
  private final Snapper snapper;
  private final EdgeExplorer explorer;
  private final IntLongHashMap reachedMillis = new IntLongHashMap();
  private final IntLongHashMap reachedMm = new IntLongHashMap();
  private final IntHashSet settled = new IntHashSet();
  private final LegHeap frontier = new LegHeap();

  /**
   * @param destination on the road
   */
  public BackwardTree(BaseGraph graph, Weighting weighting, Snapper snapper, Anchor destination) {
    if (!destination.onRoad()) {
      throw new IllegalArgumentException(
          "the destination is not on the road: " + destination.kind());
    }
    this.destination = destination;
    this.weighting = weighting;
    this.snapper = snapper;
    this.explorer = graph.createEdgeExplorer();
    Anchor.Links seeds = destination.in();
    for (int e = 0; e < seeds.size(); e++) {
      reach(seeds.nodes()[e], seeds.millis()[e], seeds.mm()[e]);
    }
  }

  /** The fastest leg from {@code from} (on the road) to the destination. */
  public Leg from(Anchor from) {
    if (from.point().equals(destination.point())) {
      return Leg.ZERO;
    }
    long bestMs = Long.MAX_VALUE;
    long bestMm = Long.MAX_VALUE;
    Anchor.Links out = from.out();
    for (int e = 0; e < out.size(); e++) {
      int node = out.nodes()[e];
      if (!settle(node)) {
        continue; // no road from this node reaches the destination
      }
      long ms = out.millis()[e] + reachedMillis.get(node);
      long mm = out.mm()[e] + reachedMm.get(node);
      if (Leg.less(ms, mm, bestMs, bestMm)) {
        bestMs = ms;
        bestMm = mm;
      }
    }
    if (from.sharesEdgeWith(destination)) {
      Leg along = snapper.alongSharedEdge(from, destination);
      if (Leg.less(along.millis(), along.mm(), bestMs, bestMm)) {
        return along;
      }
    }
    return bestMs == Long.MAX_VALUE ? Leg.UNREACHABLE : new Leg(bestMs, bestMm);
  }

  /** Nodes settled so far (how far the tree has grown). */
  public int settledNodes() {
    return settled.size();
  }

  /** Grows the tree until {@code node}'s leg is final; false when no road leads from it. */
  private boolean settle(int node) {
    while (!settled.contains(node)) {
      if (frontier.isEmpty()) {
        return false;
      }
      long km = frontier.peekMillis();
      long kmm = frontier.peekMm();
      int u = frontier.poll();
      if (!settled.add(u)) {
        continue; // a stale heap entry: u was settled through a better one
      }
      EdgeIterator it = explorer.setBaseNode(u);
      while (it.next()) {
        int v = it.getAdjNode();
        if (settled.contains(v) || Double.isInfinite(weighting.calcEdgeWeight(it, true))) {
          continue;
        }
        reach(v, km + weighting.calcEdgeMillis(it, true), kmm + Leg.mm(it.getDistance()));
      }
    }
    return true;
  }

  private void reach(int node, long ms, long mm) {
    if (reachedMillis.containsKey(node)
        && !Leg.less(ms, mm, reachedMillis.get(node), reachedMm.get(node))) {
      return;
    }
    reachedMillis.put(node, ms);
    reachedMm.put(node, mm);
    frontier.push(node, ms, mm);
  }
}
