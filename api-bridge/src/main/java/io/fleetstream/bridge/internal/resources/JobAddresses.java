package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.resources.JobResource.JobRequest;
import io.fleetstream.routing.geocode.Geocoded;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A job's {@code dropoff_address} (and {@code pickup_address}) sent without coordinates, placed on
 * the stack's own map before the job is written: the job carries the coordinates found, and the
 * answer to that request says what was matched. With geocoding off, the request is left as sent
 * (and coordinates are required, as before).
 */
final class JobAddresses {

  /** A request with its coordinates, and per placed address what was matched. */
  record Located(JobRequest request, Map<String, Object> geocoded) {}

  private final Places places;

  JobAddresses(Places places) {
    this.places = places;
  }

  Located locate(JobRequest r) {
    Map<String, Object> geocoded = new LinkedHashMap<>();
    Geocoded dropoff = place(r.dropoffLat(), r.dropoffLng(), r.dropoffAddress(), "dropoff");
    if (dropoff != null) {
      r = r.withCoordinates(dropoff.lat(), dropoff.lng(), r.pickupLat(), r.pickupLng());
      geocoded.put("dropoff", describe(dropoff));
    }
    Geocoded pickup = place(r.pickupLat(), r.pickupLng(), r.pickupAddress(), "pickup");
    if (pickup != null) {
      r = r.withCoordinates(r.dropoffLat(), r.dropoffLng(), pickup.lat(), pickup.lng());
      geocoded.put("pickup", describe(pickup));
    }
    return new Located(r, geocoded);
  }

  /** The map's place for an address without coordinates; null when there is nothing to place. */
  private Geocoded place(Double lat, Double lng, String address, String which) {
    if (lat != null || lng != null || address == null || address.isBlank()) {
      return null;
    }
    String param = which + "_address";
    var unavailable = places.unavailable();
    if (unavailable.isPresent()) {
      if (unavailable.get() == Places.Unavailable.OFF) {
        return null; // coordinates are required: the field checks name them
      }
      throw ApiException.of(
              ApiErrorCode.SERVICE_UNAVAILABLE, places.whyNot(which + "_lat and " + which + "_lng"))
          .withParam(param);
    }
    return places
        .find(address, null, null)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    param,
                    "'"
                        + address
                        + "' is not on this stack's map ("
                        + places.mapName()
                        + "): check the street's name, or send "
                        + which
                        + "_lat and "
                        + which
                        + "_lng"));
  }

  private static Map<String, Object> describe(Geocoded g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("precision", g.precision().name().toLowerCase(Locale.ROOT));
    m.put("matched", g.matched());
    return m;
  }
}
