package io.fleetstream.routing.geocode.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects addresses and street points while the map is read, then hands them over as an {@link
 * AddressIndex}. Not thread-safe: the reader feeds it from one thread.
 */
final class IndexBuilder {

  private final Map<String, Street> streets = new HashMap<>();

  /** Sum of latitudes, sum of longitudes and count of the addresses per postcode / city key. */
  private final Map<String, double[]> postcodes = new HashMap<>();

  private final Map<String, double[]> cities = new HashMap<>();

  /** One instance per distinct tag value: a country has millions of addresses but few towns. */
  private final Map<String, String> strings = new HashMap<>();

  private int addresses;

  /** Adds one house-numbered address; ignored when its street or number has nothing to match. */
  void address(double lat, double lng, String number, String street, String postcode, String city) {
    List<String> numberKeys = AddressText.numberKeys(number);
    if (numberKeys.isEmpty()) return;
    Street entry = street(street);
    if (entry == null) return;
    String postcodeKey = intern(AddressText.postcodeKey(postcode));
    String cityKey = intern(AddressText.normalize(city));
    entry.addresses.add(
        new Address(
            lat,
            lng,
            intern(number),
            numberKeys,
            intern(street),
            intern(postcode),
            intern(city),
            postcodeKey,
            cityKey));
    addresses++;
    accumulate(postcodes, postcodeKey, lat, lng);
    accumulate(cities, cityKey, lat, lng);
  }

  /** Adds the representative point of one highway way named {@code name}. */
  void wayPoint(String name, double lat, double lng) {
    Street entry = street(name);
    if (entry == null) return;
    if (entry.wayPointCount() == 0) entry.name = intern(name);
    entry.wayPoints.add(lat, lng);
  }

  AddressIndex build() {
    return new AddressIndex(streets, addresses, centroids(postcodes), centroids(cities));
  }

  private Street street(String name) {
    String key = AddressText.streetKey(name);
    if (key.isEmpty()) return null;
    return streets.computeIfAbsent(key, k -> new Street(intern(name)));
  }

  private String intern(String s) {
    return s == null ? null : strings.computeIfAbsent(s, k -> k);
  }

  private static void accumulate(Map<String, double[]> sums, String key, double lat, double lng) {
    if (key.isEmpty()) return;
    double[] sum = sums.computeIfAbsent(key, k -> new double[3]);
    sum[0] += lat;
    sum[1] += lng;
    sum[2]++;
  }

  private static Map<String, double[]> centroids(Map<String, double[]> sums) {
    Map<String, double[]> out = new HashMap<>();
    sums.forEach((k, s) -> out.put(k, new double[] {s[0] / s[2], s[1] / s[2]}));
    return out;
  }
}
