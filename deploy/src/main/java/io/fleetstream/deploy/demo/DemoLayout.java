package io.fleetstream.deploy.demo;

import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.schemas.events.GeoPoint;

/**
 * Where the demo's places are on the map the stack drives on. The script is written for Monaco; on
 * another map the whole layout is moved, distances kept, into a town of that map, and every place
 * is put on its nearest road, so the story plays the same way on any map.
 */
@FunctionalInterface
public interface DemoLayout {

  /** Where the script's place at {@code lat, lng} (in Monaco) named {@code name} is. */
  GeoPoint place(double lat, double lng, String name);

  /** The script's own places, on the embedded Monaco map. */
  DemoLayout MONACO = (lat, lng, name) -> new GeoPoint(lat, lng, name);

  /** The layout moved onto {@code road}'s map, as described above. */
  static DemoLayout movedTo(RoadNetwork road) {
    return new MovedLayout(road);
  }
}
