/** Route geometry: the encoded polyline format and the hook a road network plugs into. */
package io.fleetstream.routing.geometry;
