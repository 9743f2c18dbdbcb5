/**
 * Addresses sent without coordinates, looked up in the stack's own map (the routing module's {@link
 * io.fleetstream.routing.geocode.Geocoder}): no geocoding service is called.
 */
package io.fleetstream.bridge.internal.geocode;
