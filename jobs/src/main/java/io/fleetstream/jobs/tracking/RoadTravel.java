package io.fleetstream.jobs.tracking;

import io.fleetstream.jobs.internal.cache.LruMap;
import io.fleetstream.jobs.optimize.RoadMap;
import io.fleetstream.routing.matrix.MatrixCells;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.ArrivalTree;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.schemas.events.GeoPoint;
import java.util.List;
import java.util.Map;

/**
 * Travel on the road network the routing module loads (the embedded map, cached under the data
 * directory), great circle × detour off the map or where no road connects.
 *
 * <p>A leg between two stops is the road leg itself. A leg from a driver's live position is read
 * from one backward shortest-path tree per destination (a route's first stop), grown only as far as
 * the drivers heading there have been: a driver approaching its stop costs one search for the whole
 * approach, not one per place it pings from, so the cost follows route changes rather than drivers
 * × speed. The position is taken at the centre of the small grid cell the driver is in (about 150 ×
 * 110 m, whose road anchor is cached) and the leg scaled to the straight-line distance actually
 * left; a driver within {@value #NEAR_M} m of the stop is estimated on the straight line. Per
 * operator instance the last {@value #CACHED_LEGS} legs, {@value #CACHED_LEGS} cell-to-stop legs
 * and {@value #CACHED_TREES} trees are kept: a driver pings from the same cell a dozen times, and
 * snapping its centre to the road and reading the tree was a sixth of the tracker's CPU.
 */
public final class RoadTravel implements TravelEstimator {

  private static final long serialVersionUID = 1L;

  /** Grid step in degrees for live positions: 0.00135° of latitude is about 150 m. */
  static final double CELL_DEG = 0.00135;

  static final double NEAR_M = 300;
  static final int CACHED_LEGS = 100_000;

  /**
   * Trees of the destinations asked about most recently. A tree holds the road nodes it has settled
   * (a whole city's small graph is a few tens of kB); an evicted one is grown again when asked.
   */
  static final int CACHED_TREES = 4_096;

  private static final Approach NO_APPROACH = new Approach(Double.NaN, Double.NaN, Double.NaN);

  private final RoadMap roadMap;
  private final StraightLineTravel straight;
  private transient RoadNetwork network;
  private transient Map<LegKey, Leg> legs;
  private transient Map<Location, ArrivalTree> trees;
  private transient Map<LegKey, Approach> approaches;

  /** A road leg from a cell's centre to a stop, and the straight-line metres between them. */
  private record Approach(double metres, double seconds, double straightM) {}

  /** A leg's end points (a record of primitives: no boxing, cheap to hash). */
  private record LegKey(double fromLat, double fromLng, double toLat, double toLng) {}

  /**
   * @param roadMap the road network (as for the re-optimizer)
   */
  public RoadTravel(RoadMap roadMap, StraightLineTravel straight) {
    this.roadMap = roadMap;
    this.straight = straight;
  }

  @Override
  public Leg leg(GeoPoint from, GeoPoint to) {
    load();
    LegKey key = new LegKey(from.lat(), from.lng(), to.lat(), to.lng());
    Leg known = legs.get(key);
    if (known == null) {
      known = road(from, to);
      legs.put(key, known);
    }
    return known;
  }

  @Override
  public Leg fromPosition(GeoPoint position, GeoPoint to) {
    Leg direct = straight.leg(position, to);
    if (direct.distanceM() < NEAR_M) {
      return direct;
    }
    load();
    double centreLat = snapToGrid(position.lat());
    double centreLng = snapToGrid(position.lng());
    LegKey key = new LegKey(centreLat, centreLng, to.lat(), to.lng());
    Approach fromCentre = approaches.get(key);
    if (fromCentre == null) {
      fromCentre = approach(GeoPoint.of(centreLat, centreLng), to);
      approaches.put(key, fromCentre);
    }
    if (fromCentre == NO_APPROACH) {
      return direct;
    }
    double scale = direct.distanceM() / fromCentre.straightM();
    return new Leg(fromCentre.metres() * scale, fromCentre.seconds() * scale);
  }

  /**
   * The road leg from a cell's centre and the straight line it follows, or {@link #NO_APPROACH}
   * when the road cannot say (unreachable, or the centre on the stop).
   */
  private Approach approach(GeoPoint centre, GeoPoint to) {
    ArrivalTree tree =
        trees.computeIfAbsent(new Location(to.lat(), to.lng()), network::arrivalTree);
    ArrivalTree.Arrival fromCentre = tree.from(new Location(centre.lat(), centre.lng()));
    double straightM = straight.leg(centre, to).distanceM();
    if (!fromCentre.reachable() || straightM <= 0 || fromCentre.seconds() <= 0) {
      return NO_APPROACH;
    }
    return new Approach(fromCentre.metres(), fromCentre.seconds(), straightM);
  }

  @Override
  public String metric() {
    return "road";
  }

  private void load() {
    if (legs != null) {
      return;
    }
    network = roadMap.network();
    legs = LruMap.of(CACHED_LEGS);
    trees = LruMap.of(CACHED_TREES);
    approaches = LruMap.of(CACHED_LEGS);
  }

  private Leg road(GeoPoint from, GeoPoint to) {
    TravelMatrix m =
        network.matrix(
            List.of(new Location(from.lat(), from.lng()), new Location(to.lat(), to.lng())),
            MatrixCells.builder().leg(0, 1).build());
    if (!m.reachable(0, 1)) {
      return straight.leg(
          from, to); // an ETA is still wanted: the straight line is the best guess left
    }
    return new Leg(m.metres(0, 1), m.seconds(0, 1));
  }

  private static double snapToGrid(double degrees) {
    return Math.round(degrees / CELL_DEG) * CELL_DEG;
  }
}
