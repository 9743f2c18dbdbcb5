package io.fleetstream.jobs.internal.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry past a capacity: the operators' heap caches
 * (zones, position samples, road legs and trees), each owned by one task thread. Not thread-safe.
 */
public final class LruMap {

  private LruMap() {}

  public static <K, V> Map<K, V> of(int capacity) {
    return new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
