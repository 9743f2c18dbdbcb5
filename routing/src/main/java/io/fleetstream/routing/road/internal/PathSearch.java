package io.fleetstream.routing.road.internal;

import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.BaseGraph;
import com.graphhopper.util.EdgeExplorer;
import com.graphhopper.util.EdgeIterator;
import java.util.Arrays;

/**
 * Fastest legs between anchored points by Dijkstra on the road graph, keyed on (milliseconds,
 * millimetres): forward from one point to many (a matrix row), or backward from many to one over
 * incoming edges (a column — one-way streets make it differ from the row). Both sum the same
 * integer edge costs, so a column equals the cells the forward searches of its rows would give,
 * exactly.
 *
 * <p>The search stops once every target's figures are final. One instance per thread: it owns its
 * explorer, heap and per-node arrays.
 */
public final class PathSearch {

  private static final long INF = Long.MAX_VALUE;

  private final Weighting weighting;
  private final Snapper snapper;
  private final EdgeExplorer explorer;
  private final long[] millis;
  private final long[] mm;
  private final int[] reached;
  private final int[] settled;
  private final LegHeap heap = new LegHeap();
  private int round;

  // The far ends' links, chained per graph node: settling a node finishes the far ends linked to
  // it.
  private final int[] headRound;
  private final int[] head;
  private int[] linkTarget = new int[64];
  private int[] linkNext = new int[64];
  private long[] linkMillis = new long[64];
  private long[] linkMm = new long[64];
  private int links;

  // Per far end: its best figures so far and how many of its links are not settled yet.
  private long[] bestMillis = new long[16];
  private long[] bestMm = new long[16];
  private int[] pending = new int[16];

  public PathSearch(BaseGraph graph, Weighting weighting, Snapper snapper) {
    this.weighting = weighting;
    this.snapper = snapper;
    this.explorer = graph.createEdgeExplorer();
    int n = graph.getNodes();
    this.millis = new long[n];
    this.mm = new long[n];
    this.reached = new int[n];
    this.settled = new int[n];
    this.headRound = new int[n];
    this.head = new int[n];
  }

  /** The leg from {@code from} to each of {@code to}; all anchors on the road. */
  public void fromOne(Anchor from, Anchor[] to, long[] millisOut, long[] mmOut) {
    run(from, to, false, millisOut, mmOut);
  }

  /** The leg from each of {@code from} to {@code to}, by one search backward from {@code to}. */
  public void toOne(Anchor to, Anchor[] from, long[] millisOut, long[] mmOut) {
    run(to, from, true, millisOut, mmOut);
  }

  /** One leg, searching only until it is final. */
  public Leg leg(Anchor from, Anchor to) {
    long[] ms = new long[1];
    long[] m = new long[1];
    run(from, new Anchor[] {to}, false, ms, m);
    return ms[0] == INF ? Leg.UNREACHABLE : new Leg(ms[0], m[0]);
  }

  /**
   * @param origin where the search starts: the source (forward) or the destination (backward)
   * @param far the other end of each leg
   */
  private void run(Anchor origin, Anchor[] far, boolean backward, long[] millisOut, long[] mmOut) {
    round++;
    heap.clear();
    links = 0;
    ensureFar(far.length);
    int open = 0;
    int openUnbounded = 0;
    for (int k = 0; k < far.length; k++) {
      Anchor.Links l = backward ? far[k].out() : far[k].in();
      for (int e = 0; e < l.size(); e++) addLink(l.nodes()[e], k, l.millis()[e], l.mm()[e]);
      bestMillis[k] = INF;
      bestMm[k] = INF;
      pending[k] = l.size();
      if (pending[k] > 0) {
        open++;
        openUnbounded++;
      }
    }
    Anchor.Links seeds = backward ? origin.in() : origin.out();
    for (int e = 0; e < seeds.size(); e++)
      reach(seeds.nodes()[e], seeds.millis()[e], seeds.mm()[e]);
    // Every far end's best is at most this; once the heap's minimum reaches it nothing can improve.
    long boundMillis = 0;
    long boundMm = 0;
    while (!heap.isEmpty() && open > 0) {
      long km = heap.peekMillis();
      long kmm = heap.peekMm();
      if (openUnbounded == 0 && !Leg.less(km, kmm, boundMillis, boundMm)) break;
      int u = heap.poll();
      if (settled[u] == round) continue;
      settled[u] = round;
      if (headRound[u] == round) {
        for (int i = head[u]; i >= 0; i = linkNext[i]) {
          int k = linkTarget[i];
          long cm = km + linkMillis[i];
          long cmm = kmm + linkMm[i];
          if (Leg.less(cm, cmm, bestMillis[k], bestMm[k])) {
            if (bestMillis[k] == INF) openUnbounded--;
            bestMillis[k] = cm;
            bestMm[k] = cmm;
            if (Leg.less(boundMillis, boundMm, cm, cmm)) {
              boundMillis = cm;
              boundMm = cmm;
            }
          }
          if (--pending[k] == 0) {
            open--;
            if (bestMillis[k] == INF) openUnbounded--;
          }
        }
      }
      EdgeIterator it = explorer.setBaseNode(u);
      while (it.next()) {
        int v = it.getAdjNode();
        if (settled[v] == round) continue;
        if (Double.isInfinite(weighting.calcEdgeWeight(it, backward))) continue;
        reach(v, km + weighting.calcEdgeMillis(it, backward), kmm + Leg.mm(it.getDistance()));
      }
    }
    for (int k = 0; k < far.length; k++) {
      long ms = bestMillis[k];
      long m = bestMm[k];
      if (origin.point().equals(far[k].point())) {
        ms = 0;
        m = 0;
      } else if (origin.sharesEdgeWith(far[k])) {
        Leg along =
            backward
                ? snapper.alongSharedEdge(far[k], origin)
                : snapper.alongSharedEdge(origin, far[k]);
        if (Leg.less(along.millis(), along.mm(), ms, m)) {
          ms = along.millis();
          m = along.mm();
        }
      }
      millisOut[k] = ms;
      mmOut[k] = m;
    }
  }

  private void reach(int node, long ms, long m) {
    if (reached[node] == round && !Leg.less(ms, m, millis[node], mm[node])) return;
    reached[node] = round;
    millis[node] = ms;
    mm[node] = m;
    heap.push(node, ms, m);
  }

  private void addLink(int node, int target, long ms, long m) {
    if (links == linkTarget.length) {
      int n = 2 * links;
      linkTarget = Arrays.copyOf(linkTarget, n);
      linkNext = Arrays.copyOf(linkNext, n);
      linkMillis = Arrays.copyOf(linkMillis, n);
      linkMm = Arrays.copyOf(linkMm, n);
    }
    if (headRound[node] != round) {
      headRound[node] = round;
      head[node] = -1;
    }
    linkTarget[links] = target;
    linkMillis[links] = ms;
    linkMm[links] = m;
    linkNext[links] = head[node];
    head[node] = links++;
  }

  private void ensureFar(int n) {
    if (bestMillis.length >= n) return;
    bestMillis = new long[n];
    bestMm = new long[n];
    pending = new int[n];
  }
}
