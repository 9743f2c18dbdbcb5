package io.fleetstream.jobs.tracking;

import io.fleetstream.jobs.optimize.RoadNetworks;
import io.fleetstream.routing.matrix.MatrixCells;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.schemas.events.GeoPoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Travel on the road network the routing module loads (the embedded map, cached under the data
 * directory), great circle × detour off the map or where no road connects.
 *
 * <p>A leg between two stops is the road leg itself. A leg from a driver's live position would be a
 * road search per ping, so it is measured from the centre of the small grid cell the driver is in
 * (about 150 × 110 m) and scaled to the straight-line distance actually left: a moving driver costs
 * one search per cell entered, and a driver within {@value #NEAR_M} m of the stop is estimated on
 * the straight line. Legs are remembered per operator instance (the last {@value #CACHED_LEGS}).
 */
public final class RoadTravel implements TravelEstimator {

  private static final long serialVersionUID = 1L;

  /** Grid step in degrees for live positions: 0.00135° of latitude is about 150 m. */
  static final double CELL_DEG = 0.00135;

  static final double NEAR_M = 300;
  static final int CACHED_LEGS = 100_000;

  private final String dataDir;
  private final StraightLineTravel straight;
  private transient RoadNetwork network;
  private transient Map<LegKey, Leg> legs;

  /** A leg's end points (a record of primitives: no boxing, cheap to hash). */
  private record LegKey(double fromLat, double fromLng, double toLat, double toLng) {}

  /**
   * @param dataDir where the road graph is cached (as for the re-optimizer)
   */
  public RoadTravel(Path dataDir, StraightLineTravel straight) {
    this.dataDir = dataDir.toString();
    this.straight = straight;
  }

  @Override
  public Leg leg(GeoPoint from, GeoPoint to) {
    if (legs == null) {
      network = RoadNetworks.shared(Path.of(dataDir));
      legs =
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<LegKey, Leg> eldest) {
              return size() > CACHED_LEGS;
            }
          };
    }
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
    GeoPoint centre = GeoPoint.of(snapToGrid(position.lat()), snapToGrid(position.lng()));
    Leg fromCentre = leg(centre, to);
    Leg straightFromCentre = straight.leg(centre, to);
    if (straightFromCentre.distanceM() <= 0 || fromCentre.durationS() <= 0) {
      return direct;
    }
    double scale = direct.distanceM() / straightFromCentre.distanceM();
    return new Leg(fromCentre.distanceM() * scale, fromCentre.durationS() * scale);
  }

  @Override
  public String metric() {
    return "road";
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
