package io.fleetstream.routing.road.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LruCacheTest {

  @Test
  void forgetsTheLeastRecentlyUsedEntryWhenFull() {
    LruCache<String, Integer> cache = new LruCache<>(2);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.get("a");

    cache.put("c", 3);

    assertThat(cache.get("a")).isEqualTo(1);
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("c")).isEqualTo(3);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void neverHoldsMoreThanItsCapacityWhileThreadsFillIt() throws Exception {
    LruCache<Integer, Integer> cache = new LruCache<>(100);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 100_000;
        runs.add(
            pool.submit(
                () -> {
                  for (int k = 0; k < 20_000; k++) {
                    cache.put(base + k, k);
                    cache.get(base + k / 2);
                  }
                }));
      }
      for (Future<?> f : runs) f.get();
    } finally {
      pool.shutdownNow();
    }

    assertThat(cache.size()).isEqualTo(100);
  }
}
