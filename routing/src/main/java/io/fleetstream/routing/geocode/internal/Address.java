package io.fleetstream.routing.geocode.internal;

import java.util.List;

/**
 * One house-numbered address of the map (a node, or a building way at its centroid): its point, its
 * tags as written for the label, and the keys queries are compared with.
 */
final class Address {

  final double lat;
  final double lng;
  final String number;
  final String street;
  final String postcode;
  final String city;

  /** Every number this address answers for ({@link AddressText#numberKeys} of {@code number}). */
  final List<String> numberKeys;

  /** The leading integer of the first number, -1 when it has none (for the nearest number). */
  final int numeric;

  final String postcodeKey;
  final String cityKey;

  Address(
      double lat,
      double lng,
      String number,
      List<String> numberKeys,
      String street,
      String postcode,
      String city,
      String postcodeKey,
      String cityKey) {
    this.lat = lat;
    this.lng = lng;
    this.number = number;
    this.street = street;
    this.postcode = postcode;
    this.city = city;
    this.numberKeys = List.copyOf(numberKeys);
    this.numeric = numberKeys.isEmpty() ? -1 : AddressText.leadingInt(numberKeys.get(0));
    this.postcodeKey = postcodeKey;
    this.cityKey = cityKey;
  }

  /** "15 Avenue de Monte-Carlo, 98000 Monaco". */
  String label() {
    return number + " " + street + place();
  }

  /** ", 98000 Monaco", ", Monaco" or "" — the place part of a label, from this address's tags. */
  String place() {
    String place = String.join(" ", nonNull(postcode), nonNull(city)).strip();
    return place.isEmpty() ? "" : ", " + place;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
