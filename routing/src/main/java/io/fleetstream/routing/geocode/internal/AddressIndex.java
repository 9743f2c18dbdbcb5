package io.fleetstream.routing.geocode.internal;

import io.fleetstream.routing.geocode.Geocoded;
import io.fleetstream.routing.geocode.Geocoded.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streets by normalized name, with their addresses and way points; immutable once built, so any
 * number of threads may look up at once.
 */
public final class AddressIndex {

  private final Map<String, Street> streets;
  private final StreetNames names;
  private final int addresses;

  /** Centroids of all addresses per postcode / city key, to place a street of a known town. */
  private final Map<String, double[]> postcodes;

  private final Map<String, double[]> cities;

  AddressIndex(
      Map<String, Street> streets,
      int addresses,
      Map<String, double[]> postcodes,
      Map<String, double[]> cities) {
    this.streets = Map.copyOf(streets);
    this.names = new StreetNames(streets.keySet());
    this.addresses = addresses;
    this.postcodes = Map.copyOf(postcodes);
    this.cities = Map.copyOf(cities);
  }

  public int addresses() {
    return addresses;
  }

  public int streets() {
    return streets.size();
  }

  /**
   * Finds a line's address; the query's own city and postcode win over ones parsed from the line.
   */
  public Optional<Geocoded> find(String line, String city, String postalCode) {
    ParsedLine parsed = ParsedLine.parse(line);
    String number = parsed.number();
    Street street = parsed.street().isEmpty() ? null : streets.get(parsed.street());
    if (street == null && !parsed.wholeStreet().isEmpty()) {
      // "Route 66": the trailing number was part of the name.
      street = streets.get(parsed.wholeStreet());
      number = street == null ? number : "";
    }
    if (street == null) {
      // Not as written: the one street the name almost is (its label then shows the real name).
      street = names.nearest(parsed.street()).map(streets::get).orElse(null);
    }
    if (street == null) return Optional.empty();
    String postcodeKey = AddressText.postcodeKey(postalCode);
    String cityKey = AddressText.normalize(city);
    Place place =
        new Place(
            postcodeKey.isEmpty() ? parsed.postcode() : postcodeKey,
            cityKey.isEmpty() ? parsed.city() : cityKey);
    return Optional.of(find(street, number, place));
  }

  private Geocoded find(Street street, String number, Place place) {
    if (!number.isEmpty()) {
      List<Address> exact = withNumber(street, number);
      if (exact.isEmpty() && number.indexOf('-') > 0) {
        // "16-18" asked, the map has 16 alone.
        exact = withNumber(street, number.substring(0, number.indexOf('-')));
      }
      if (!exact.isEmpty()) {
        Address a = Points.central(place.prefer(exact));
        return new Geocoded(a.lat, a.lng, Precision.ADDRESS, a.label());
      }
      int wanted = AddressText.leadingInt(number);
      if (wanted >= 0 && street.hasNumbers()) {
        Address a = nearestNumber(place.prefer(street.addresses), wanted);
        return new Geocoded(a.lat, a.lng, Precision.STREET, a.street + a.place());
      }
    }
    if (street.wayPointCount() > 0) {
      int i = Points.nearestWayPoint(street, anchor(street, place));
      return new Geocoded(street.wayLat(i), street.wayLng(i), Precision.STREET, street.name);
    }
    // Addresses name a street the extract does not draw as a highway.
    Address a = Points.central(place.prefer(street.addresses));
    return new Geocoded(a.lat, a.lng, Precision.STREET, a.street + a.place());
  }

  private static List<Address> withNumber(Street street, String number) {
    List<Address> out = new ArrayList<>();
    for (Address a : street.addresses) {
      if (a.numberKeys.contains(number)) out.add(a);
    }
    return out;
  }

  /**
   * The address with the numerically nearest number: a stand-in for interpolating along the street.
   * On a tie the one on the same side (same parity) wins, then the first read.
   */
  private static Address nearestNumber(List<Address> candidates, int wanted) {
    Address best = null;
    long bestScore = Long.MAX_VALUE;
    for (Address a : candidates) {
      if (a.numeric < 0) continue;
      long score = 2L * Math.abs((long) a.numeric - wanted) + ((a.numeric - wanted) & 1);
      if (score < bestScore) {
        bestScore = score;
        best = a;
      }
    }
    return best != null ? best : Points.central(candidates);
  }

  /**
   * Where in its town to look on a street drawn in several places (ways carry no town): the
   * street's own addresses in the asked postcode / city, else every address there, else nowhere in
   * particular (null: the middle of all the street's ways).
   */
  private double[] anchor(Street street, Place place) {
    List<Address> local = place.matching(street.addresses);
    if (!local.isEmpty()) return Points.centroid(local);
    double[] byPostcode = place.postcode().isEmpty() ? null : postcodes.get(place.postcode());
    if (byPostcode != null) return byPostcode;
    return place.city().isEmpty() ? null : cities.get(place.city());
  }

  /** The asked postcode and city keys, blank when not given. */
  private record Place(String postcode, String city) {

    /** 2 for the same postcode plus 1 for the same city; 0 when neither matches. */
    int score(Address a) {
      int score = 0;
      if (!postcode.isEmpty() && postcode.equals(a.postcodeKey)) score += 2;
      if (!city.isEmpty() && city.equals(a.cityKey)) score += 1;
      return score;
    }

    /** The best-matching candidates; all of them when none matches (a filter never empties). */
    List<Address> prefer(List<Address> candidates) {
      List<Address> best = matching(candidates);
      return best.isEmpty() ? candidates : best;
    }

    /** The candidates with the highest non-zero score; empty when none matches. */
    List<Address> matching(List<Address> candidates) {
      int top = 0;
      for (Address a : candidates) top = Math.max(top, score(a));
      List<Address> out = new ArrayList<>();
      if (top == 0) return out;
      for (Address a : candidates) {
        if (score(a) == top) out.add(a);
      }
      return out;
    }
  }
}
