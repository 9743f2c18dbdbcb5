package io.fleetstream.routing.road.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded map that forgets its least recently used entry when full. Thread-safe by one lock: a
 * lookup is a hash probe, far cheaper than the road search a hit saves, so the lock is never the
 * bottleneck at a handful of threads.
 */
public final class LruCache<K, V> {

  private final int capacity;
  private final LinkedHashMap<K, V> map;

  public LruCache(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
    this.capacity = capacity;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > LruCache.this.capacity;
          }
        };
  }

  /** The value, marking it recently used; null when absent. */
  public synchronized V get(K key) {
    return map.get(key);
  }

  public synchronized void put(K key, V value) {
    map.put(key, value);
  }

  public synchronized int size() {
    return map.size();
  }

  public int capacity() {
    return capacity;
  }
}
