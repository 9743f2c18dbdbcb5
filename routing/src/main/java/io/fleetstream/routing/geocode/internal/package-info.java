/**
 * The geocoder's internals: the two-pass {@code .osm.pbf} reader (GraphHopper's OSM reader), text
 * normalization and address-line parsing, and the in-memory street and address index.
 */
package io.fleetstream.routing.geocode.internal;
