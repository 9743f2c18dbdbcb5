package io.fleetstream.bridge.internal.views;

import io.fleetstream.bridge.internal.store.Table;
import java.util.function.UnaryOperator;

/**
 * Read-modify-write of single view entries under striped locks: the view consumer and the requests
 * that fold their own writes may change the same entry at once.
 */
final class Entries {

  private static final int STRIPES = 256;
  private final Object[] locks = new Object[STRIPES];

  Entries() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * Changes one entry under its lock and returns what the table holds for it afterwards; {@code
   * change} returning its argument (or null) leaves the entry as it was.
   */
  <T> T update(Table table, String key, Class<T> type, T empty, UnaryOperator<T> change) {
    synchronized (locks[Math.floorMod(key.hashCode(), STRIPES)]) {
      T current = table.get(key, type).orElse(empty);
      T next = change.apply(current);
      if (next != current && next != null) {
        table.put(key, next);
        return next;
      }
      return current;
    }
  }

  /** Runs {@code action} under the lock of {@code key}. */
  void locked(String key, Runnable action) {
    synchronized (locks[Math.floorMod(key.hashCode(), STRIPES)]) {
      action.run();
    }
  }
}
