package io.fleetstream.routing.geometry;

import io.fleetstream.routing.model.Location;
import java.util.ArrayList;
import java.util.List;

/** The encoded polyline format (precision 5) that map clients decode directly. */
public final class Polyline {

  private Polyline() {}

  public static String encode(List<Location> points) {
    StringBuilder sb = new StringBuilder(points.size() * 8);
    long lastLat = 0;
    long lastLng = 0;
    for (Location p : points) {
      long lat = Math.round(p.lat() * 1e5);
      long lng = Math.round(p.lng() * 1e5);
      write(sb, lat - lastLat);
      write(sb, lng - lastLng);
      lastLat = lat;
      lastLng = lng;
    }
    return sb.toString();
  }

  public static List<Location> decode(String encoded) {
    List<Location> out = new ArrayList<>();
    int[] pos = {0};
    long lat = 0;
    long lng = 0;
    while (pos[0] < encoded.length()) {
      lat += read(encoded, pos);
      lng += read(encoded, pos);
      out.add(new Location(lat / 1e5, lng / 1e5));
    }
    return out;
  }

  private static void write(StringBuilder sb, long v) {
    long s = v < 0 ? ~(v << 1) : v << 1;
    while (s >= 0x20) {
      sb.append((char) ((0x20 | (s & 0x1f)) + 63));
      s >>= 5;
    }
    sb.append((char) (s + 63));
  }

  private static long read(String e, int[] pos) {
    long result = 0;
    int shift = 0;
    int b;
    do {
      b = e.charAt(pos[0]++) - 63;
      result |= (long) (b & 0x1f) << shift;
      shift += 5;
    } while (b >= 0x20);
    return (result & 1) != 0 ? ~(result >> 1) : result >> 1;
  }
}
