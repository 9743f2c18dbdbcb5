package io.fleetstream.routing.road;

/**
 * A road map that cannot be imported or loaded: a corrupted or truncated {@code .osm.pbf}, or a
 * graph cache that does not match it. The message names the file; the cause is GraphHopper's.
 */
public final class RoadDataException extends RuntimeException {

  public RoadDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
