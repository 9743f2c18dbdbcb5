package io.fleetstream.routing.road;

import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.Metric;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.internal.Anchor;
import io.fleetstream.routing.road.internal.BackwardTree;
import io.fleetstream.routing.road.internal.Leg;
import java.util.function.Function;

/**
 * Legs from anywhere to one destination, for callers that ask the same destination from many
 * places: a tracker timing drivers on their way to their next stop. One backward search from the
 * destination serves them all, grown only as far as the places asked about (see {@link
 * RoadNetwork#arrivalTree}); each leg equals the cell {@link RoadNetwork#matrix} gives for the same
 * two points. Not thread-safe: one owner.
 */
public final class ArrivalTree {

  /**
   * One leg: seconds and metres, {@code metric} {@code road} or {@code haversine} (either end off
   * the map); not {@code reachable} (and infinite) when no road connects them.
   */
  public record Arrival(double seconds, double metres, String metric) {
    public boolean reachable() {
      return Double.isFinite(seconds);
    }
  }

  private static final Arrival UNREACHABLE =
      new Arrival(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Metric.ROAD.wireName());
  private static final Arrival UNREACHABLE_OFF_MAP =
      new Arrival(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Metric.HAVERSINE.wireName());

  private final Location destination;
  private final Anchor destinationAnchor;
  private final Function<Location, Anchor> anchors;
  private final HaversineMatrix fallback;
  private final BackwardTree tree;

  ArrivalTree(
      Location destination,
      Function<Location, Anchor> anchors,
      HaversineMatrix fallback,
      Function<Anchor, BackwardTree> trees) {
    this.destination = destination;
    this.anchors = anchors;
    this.fallback = fallback;
    this.destinationAnchor = anchors.apply(destination);
    this.tree = destinationAnchor.onRoad() ? trees.apply(destinationAnchor) : null;
  }

  /** The fastest leg from {@code from} to the destination. */
  public Arrival from(Location from) {
    Anchor start = anchors.apply(from);
    // The matrix's rules: off the road inside the map is unreachable, off the map is a great
    // circle.
    boolean offMap =
        start.kind() == Anchor.Kind.OUTSIDE || destinationAnchor.kind() == Anchor.Kind.OUTSIDE;
    if (start.kind() == Anchor.Kind.OFF_ROAD || destinationAnchor.kind() == Anchor.Kind.OFF_ROAD) {
      return offMap ? UNREACHABLE_OFF_MAP : UNREACHABLE;
    }
    if (offMap) {
      return new Arrival(
          fallback.seconds(from, destination),
          fallback.metres(from, destination),
          Metric.HAVERSINE.wireName());
    }
    Leg leg = tree.from(start);
    return leg.reachable()
        ? new Arrival(leg.seconds(), leg.metres(), Metric.ROAD.wireName())
        : UNREACHABLE;
  }

  /** Road nodes the search has settled so far: how far the tree has grown. */
  public int settledNodes() {
    return tree == null ? 0 : tree.settledNodes();
  }
}
