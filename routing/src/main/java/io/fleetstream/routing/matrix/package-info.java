/**
 * Travel matrices in primitive arrays and where they come from (road network, great circle, plane).
 */
package io.fleetstream.routing.matrix;
