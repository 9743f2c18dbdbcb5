/** The road network on GraphHopper: loading any .osm.pbf, snapping, matrices, route geometry, benchmarks. */
package io.fleetstream.routing.road;
