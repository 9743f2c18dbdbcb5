package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.auth.Scope;
import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.routing.geocode.Geocoded;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/geocode?address=…}: where the stack's map places an address — the same lookup
 * a job's {@code dropoff_address} or a driver's {@code start_address} gets — so an agent or a back
 * office can check an address before it writes anything. Reads only the map (scope {@code read}).
 */
public final class GeocodeResource {

  private final Places places;

  public GeocodeResource(Places places) {
    this.places = places;
  }

  public List<Route> routes() {
    return List.of(Route.get("/api/v1/geocode", Route.Access.KEY, this::geocode).scope(Scope.READ));
  }

  ApiResponse geocode(ApiRequest request) {
    String address = request.query("address").orElse(null);
    String city = request.query("city").orElse(null);
    String postalCode = request.query("postal_code").orElse(null);
    Checks.all(
        () -> Checks.required(address, "address"),
        () -> Checks.text(address, 512, "address"),
        () -> Checks.text(city, 128, "city"),
        () -> Checks.text(postalCode, 32, "postal_code"));
    if (address.isBlank()) {
      throw ApiException.invalid("address", "'address' must not be blank");
    }
    if (places.unavailable().isPresent()) {
      // Off for good, or the map still being read or unreadable: nothing the request can change.
      throw ApiException.of(ApiErrorCode.SERVICE_UNAVAILABLE, places.whyNot("coordinates"))
          .withParam("address");
    }
    Geocoded found =
        places
            .find(address, city, postalCode)
            .orElseThrow(
                () ->
                    ApiException.of(ApiErrorCode.NOT_FOUND, places.notOnMap(address))
                        .withParam("address"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", "geocode");
    m.put("address", address);
    m.put("lat", found.lat());
    m.put("lng", found.lng());
    m.put("precision", found.precision().name().toLowerCase(Locale.ROOT));
    m.put("matched", found.matched());
    m.put("map", places.mapName());
    return ApiResponse.ok(m);
  }
}
