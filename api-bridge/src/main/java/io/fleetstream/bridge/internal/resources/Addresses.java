package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.resources.DriverResource.DriverRequest;
import io.fleetstream.routing.geocode.Geocoded;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Addresses sent without coordinates — a job's {@code dropoff_address} and {@code pickup_address},
 * a driver's {@code start_address} and {@code end_address} — placed on the stack's own map before
 * the job or driver is written: the event carries the coordinates found, and the answer to that
 * request says what was matched. With geocoding off, an address without coordinates is refused
 * naming its field (never dropped: a pickup or an end location sent only as an address would
 * otherwise vanish).
 */
final class Addresses {

  /** A request with its coordinates, and per placed address what was matched. */
  record Located<T>(T request, Map<String, Object> geocoded) {}

  private final Places places;

  Addresses(Places places) {
    this.places = places;
  }

  Located<JobRequest> locate(JobRequest r) {
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
    return new Located<>(r, geocoded);
  }

  Located<DriverRequest> locate(DriverRequest r) {
    Map<String, Object> geocoded = new LinkedHashMap<>();
    Geocoded start = place(r.startLat(), r.startLng(), r.startAddress(), "start");
    if (start != null) {
      r = r.withCoordinates(start.lat(), start.lng(), r.endLat(), r.endLng());
      geocoded.put("start", describe(start));
    }
    Geocoded end = place(r.endLat(), r.endLng(), r.endAddress(), "end");
    if (end != null) {
      r = r.withCoordinates(r.startLat(), r.startLng(), end.lat(), end.lng());
      geocoded.put("end", describe(end));
    }
    return new Located<>(r, geocoded);
  }

  /** The answer to a request whose addresses were placed on the map says what they matched. */
  static Map<String, Object> withGeocoded(Map<String, Object> answer, Located<?> located) {
    if (located.geocoded().isEmpty()) {
      return answer;
    }
    Map<String, Object> with = new LinkedHashMap<>(answer);
    with.put("geocoded", located.geocoded());
    return with;
  }

  /** The map's place for an address without coordinates; null when there is nothing to place. */
  private Geocoded place(Double lat, Double lng, String address, String which) {
    if (lat != null || lng != null || address == null || address.isBlank()) {
      return null;
    }
    String param = which + "_address";
    var unavailable = places.unavailable();
    if (unavailable.isPresent()) {
      String why = places.whyNot(which + "_lat and " + which + "_lng");
      // Off is how this stack is set up (400, the request must change); loading or a map that
      // could not be read is the stack's state (503, the same request may work later).
      throw unavailable.get() == Places.Unavailable.OFF
          ? ApiException.invalid(param, why)
          : ApiException.of(ApiErrorCode.SERVICE_UNAVAILABLE, why).withParam(param);
    }
    return places
        .find(address, null, null)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    param,
                    places.notOnMap(address)
                        + ", or send "
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
