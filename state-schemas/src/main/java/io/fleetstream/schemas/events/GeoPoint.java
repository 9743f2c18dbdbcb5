package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A WGS84 position with an optional street address. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeoPoint(double lat, double lng, String address) {

  public static GeoPoint of(double lat, double lng) {
    return new GeoPoint(lat, lng, null);
  }
}
