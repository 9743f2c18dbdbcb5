package io.fleetstream.routing.road.internal;

import io.fleetstream.routing.model.Location;

/**
 * Where a point joins the road graph, computed once per point and shared by every leg that touches
 * it: the graph nodes it can drive to ({@code out}) and from ({@code in}) along its own road, with
 * the cost of that piece. A point snapped onto a node has that node at zero cost in both lists.
 *
 * <p>Legs read only the point's own anchor, never the other points of a request: that is what makes
 * a leg's figures independent of the request it comes from, and so cacheable.
 */
public final class Anchor {

  /** How the point relates to the graph. */
  public enum Kind {
    /** Snapped to a drivable road within the snap limit. */
    ON_ROAD,
    /**
     * Inside the map but farther than the snap limit from any drivable road: unreachable by road.
     */
    OFF_ROAD,
    /** Outside the map: measured by great circle instead. */
    OUTSIDE
  }

  /** Graph nodes with the cost of reaching them (or leaving from them) along the point's road. */
  record Links(int[] nodes, long[] millis, long[] mm) {
    static final Links NONE = new Links(new int[0], new long[0], new long[0]);

    static Links at(int node) {
      return new Links(new int[] {node}, new long[] {0}, new long[] {0});
    }

    int size() {
      return nodes.length;
    }
  }

  private final Location point;
  private final Kind kind;
  private final int edge;
  private final Links out;
  private final Links in;

  Anchor(Location point, Kind kind, int edge, Links out, Links in) {
    this.point = point;
    this.kind = kind;
    this.edge = edge;
    this.out = out;
    this.in = in;
  }

  public static Anchor outside(Location p) {
    return new Anchor(p, Kind.OUTSIDE, -1, Links.NONE, Links.NONE);
  }

  static Anchor offRoad(Location p) {
    return new Anchor(p, Kind.OFF_ROAD, -1, Links.NONE, Links.NONE);
  }

  public Location point() {
    return point;
  }

  public Kind kind() {
    return kind;
  }

  public boolean onRoad() {
    return kind == Kind.ON_ROAD;
  }

  /** The graph edge the point splits, or -1 when it sits on a node. */
  int edge() {
    return edge;
  }

  Links out() {
    return out;
  }

  Links in() {
    return in;
  }

  /** True when both points split the same edge, so a leg between them can stay on it. */
  boolean sharesEdgeWith(Anchor other) {
    return edge >= 0 && edge == other.edge;
  }
}
