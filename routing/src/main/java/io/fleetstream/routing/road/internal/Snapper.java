package io.fleetstream.routing.road.internal;

import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.routing.util.EdgeFilter;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.BaseGraph;
import com.graphhopper.storage.index.LocationIndex;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.EdgeIterator;
import io.fleetstream.routing.model.Location;
import java.util.Arrays;

/**
 * Turns points inside the map into {@link Anchor}s, and measures the one kind of leg anchors alone
 * cannot: two points on the same road, driven without leaving it.
 *
 * <p>Each anchor comes from a query graph holding that point alone. A graph holding every point of
 * a request would split roads at all of them, and since GraphHopper rounds each piece to whole
 * milliseconds, a leg's time would then depend on which other points the request happened to hold.
 * Thread-safe.
 */
public final class Snapper {

  private final BaseGraph graph;
  private final LocationIndex index;
  private final EdgeFilter snapFilter;
  private final Weighting weighting;
  private final double maxSnapMetres;

  public Snapper(
      BaseGraph graph,
      LocationIndex index,
      EdgeFilter snapFilter,
      Weighting weighting,
      double maxSnapMetres) {
    this.graph = graph;
    this.index = index;
    this.snapFilter = snapFilter;
    this.weighting = weighting;
    this.maxSnapMetres = maxSnapMetres;
  }

  /** The anchor of a point inside the map: on a road, or off-road when no road is near enough. */
  public Anchor anchor(Location p) {
    Snap s = snap(p);
    if (s == null) return Anchor.offRoad(p);
    QueryGraph qg = QueryGraph.create(graph, s);
    int node = s.getClosestNode();
    if (!qg.isVirtualNode(node)) {
      return new Anchor(p, Anchor.Kind.ON_ROAD, -1, Anchor.Links.at(node), Anchor.Links.at(node));
    }
    Weighting w = qg.wrapWeighting(weighting);
    return new Anchor(
        p,
        Anchor.Kind.ON_ROAD,
        s.getClosestEdge().getEdge(),
        links(qg, w, node, false),
        links(qg, w, node, true));
  }

  /**
   * The leg from {@code a} to {@code b} along the road both split, without passing a node;
   * unreachable when the road's direction forbids it. Callers take the better of this and the leg
   * through nodes.
   */
  Leg alongSharedEdge(Anchor a, Anchor b) {
    Snap sa = snap(a.point());
    Snap sb = snap(b.point());
    if (sa == null || sb == null)
      throw new IllegalStateException("an anchored point no longer snaps");
    QueryGraph qg = QueryGraph.create(graph, sa, sb);
    int na = sa.getClosestNode();
    int nb = sb.getClosestNode();
    if (na == nb) return Leg.ZERO;
    Weighting w = qg.wrapWeighting(weighting);
    Leg best = Leg.UNREACHABLE;
    EdgeIterator it = qg.createEdgeExplorer().setBaseNode(na);
    while (it.next()) {
      if (it.getAdjNode() != nb || Double.isInfinite(w.calcEdgeWeight(it, false))) continue;
      long ms = w.calcEdgeMillis(it, false);
      long mm = Leg.mm(it.getDistance());
      if (Leg.less(ms, mm, best.millis(), best.mm())) best = new Leg(ms, mm);
    }
    return best;
  }

  private Snap snap(Location p) {
    Snap s = index.findClosest(p.lat(), p.lng(), snapFilter);
    return s.isValid() && s.getQueryDistance() <= maxSnapMetres ? s : null;
  }

  /**
   * The pieces of the split road: outgoing ({@code reverse} false) or incoming, drivable ones only.
   */
  private static Anchor.Links links(QueryGraph qg, Weighting w, int node, boolean reverse) {
    int[] nodes = new int[4];
    long[] ms = new long[4];
    long[] mm = new long[4];
    int n = 0;
    EdgeIterator it = qg.createEdgeExplorer().setBaseNode(node);
    while (it.next()) {
      if (Double.isInfinite(w.calcEdgeWeight(it, reverse))) continue;
      if (qg.isVirtualNode(it.getAdjNode()))
        throw new IllegalStateException("a lone snap links to a virtual node");
      if (n == nodes.length) {
        nodes = Arrays.copyOf(nodes, 2 * n);
        ms = Arrays.copyOf(ms, 2 * n);
        mm = Arrays.copyOf(mm, 2 * n);
      }
      nodes[n] = it.getAdjNode();
      ms[n] = w.calcEdgeMillis(it, reverse);
      mm[n] = Leg.mm(it.getDistance());
      n++;
    }
    return new Anchor.Links(Arrays.copyOf(nodes, n), Arrays.copyOf(ms, n), Arrays.copyOf(mm, n));
  }
}
