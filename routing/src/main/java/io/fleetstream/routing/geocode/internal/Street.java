package io.fleetstream.routing.geocode.internal;

import com.carrotsearch.hppc.DoubleArrayList;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the map has under one street key: the house-numbered addresses that name it, and one
 * point per highway way that carries the name (the way's middle node). Either may be empty: a
 * street drawn without addresses, or addresses on a street not drawn in the extract.
 */
final class Street {

  /**
   * The name for labels: as the first highway way with it spells it, else as the first address does
   * ("Avenue Saint-Laurent", not an address's "Avenue saint laurent").
   */
  String name;

  final List<Address> addresses = new ArrayList<>();

  /** Latitude, longitude pairs of the ways' points. */
  final DoubleArrayList wayPoints = new DoubleArrayList();

  Street(String name) {
    this.name = name;
  }

  int wayPointCount() {
    return wayPoints.size() / 2;
  }

  double wayLat(int i) {
    return wayPoints.get(2 * i);
  }

  double wayLng(int i) {
    return wayPoints.get(2 * i + 1);
  }

  boolean hasNumbers() {
    for (Address a : addresses) {
      if (a.numeric >= 0) return true;
    }
    return false;
  }
}
