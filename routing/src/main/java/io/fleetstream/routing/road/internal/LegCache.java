package io.fleetstream.routing.road.internal;

import io.fleetstream.routing.model.Location;

/**
 * Road legs by their two end points, least recently used forgotten first. Sound because a leg's
 * figures depend on its two points alone (see {@link Anchor}); worth it because a driver's route
 * changes by a stop or two between one dispatch decision and the next. Thread-safe.
 */
public final class LegCache {

  private record Key(Location from, Location to) {}

  private final LruCache<Key, Leg> cache;

  public LegCache(int capacity) {
    this.cache = new LruCache<>(capacity);
  }

  /** The cached leg, or null. */
  public Leg get(Location from, Location to) {
    return cache.get(new Key(from, to));
  }

  public void put(Location from, Location to, Leg leg) {
    cache.put(new Key(from, to), leg);
  }

  public int size() {
    return cache.size();
  }

  public int capacity() {
    return cache.capacity();
  }
}
