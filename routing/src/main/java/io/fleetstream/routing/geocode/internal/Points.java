package io.fleetstream.routing.geocode.internal;

import java.util.List;

/**
 * Centroids and nearest points for choosing among candidates a few kilometres apart at most: an
 * equirectangular approximation is exact enough to rank them and needs no trigonometry per
 * candidate.
 */
final class Points {

  private Points() {}

  /** Squared equirectangular distance in degrees² of latitude; only for comparisons. */
  static double distance2(double lat1, double lng1, double lat2, double lng2) {
    double x = (lng2 - lng1) * Math.cos(Math.toRadians((lat1 + lat2) / 2));
    double y = lat2 - lat1;
    return x * x + y * y;
  }

  /** The mean point of the addresses: {lat, lng}; null for none. */
  static double[] centroid(List<Address> addresses) {
    if (addresses.isEmpty()) return null;
    double lat = 0;
    double lng = 0;
    for (Address a : addresses) {
      lat += a.lat;
      lng += a.lng;
    }
    return new double[] {lat / addresses.size(), lng / addresses.size()};
  }

  /**
   * The address nearest the centroid of all of them: several entries with one number (shops of one
   * building, a building and its entrance) give one real point in their middle.
   */
  static Address central(List<Address> addresses) {
    double[] c = centroid(addresses);
    Address best = addresses.get(0);
    for (Address a : addresses) {
      if (distance2(a.lat, a.lng, c[0], c[1]) < distance2(best.lat, best.lng, c[0], c[1])) {
        best = a;
      }
    }
    return best;
  }

  /** The index of the street's way point nearest {@code to}, or nearest their own centroid. */
  static int nearestWayPoint(Street street, double[] to) {
    int n = street.wayPointCount();
    if (to == null) {
      double lat = 0;
      double lng = 0;
      for (int i = 0; i < n; i++) {
        lat += street.wayLat(i);
        lng += street.wayLng(i);
      }
      to = new double[] {lat / n, lng / n};
    }
    int best = 0;
    double bestD = Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      double d = distance2(street.wayLat(i), street.wayLng(i), to[0], to[1]);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }
}
