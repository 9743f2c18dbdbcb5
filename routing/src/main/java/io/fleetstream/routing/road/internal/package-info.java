/**
 * GraphHopper import/caching, points' anchors on the graph, the forward and backward fastest-path
 * searches behind full and sparse road matrices, and the leg cache.
 */
package io.fleetstream.routing.road.internal;
