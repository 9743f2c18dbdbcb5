/**
 * An offline geocoder over the same OpenStreetMap extract the road network drives on: {@link
 * io.fleetstream.routing.geocode.Geocoder} turns an address line (plus city and postcode) into a
 * point, at the house number when the map has it and on the street otherwise. No external service.
 */
package io.fleetstream.routing.geocode;
