/**
 * The road network on GraphHopper: loading any .osm.pbf, snapping, full and sparse matrices, route
 * geometry, benchmarks.
 */
package io.fleetstream.routing.road;
