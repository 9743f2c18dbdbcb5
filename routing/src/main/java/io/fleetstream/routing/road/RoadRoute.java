package io.fleetstream.routing.road;

/**
 * A route through waypoints: metres, seconds, the metric ({@code road}, or {@code haversine} when
 * any leg left the map), whether every leg could be driven, and the encoded polyline.
 */
public record RoadRoute(
    double metres, double seconds, String metric, boolean reachable, String polyline) {}
