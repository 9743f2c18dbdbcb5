package io.fleetstream.bridge.internal.views;

import io.fleetstream.bridge.internal.store.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A time index over entries of some tables, so entries older than a cut-off are dropped without
 * scanning the tables: the index key is {@code <epoch millis>/<table>/<entry key>}.
 */
final class Expiry {

  private final Table index;
  private final Map<String, Table> tables;

  Expiry(Table index, Map<String, Table> tables) {
    this.index = index;
    this.tables = Map.copyOf(tables);
  }

  void expiresWith(Instant at, String table, String key) {
    if (!tables.containsKey(table)) {
      throw new IllegalArgumentException("no expiring table " + table);
    }
    index.put(String.format("%019d/%s/%s", at.toEpochMilli(), table, key), 1);
  }

  /** Drops every indexed entry older than {@code cutoff}; returns how many. */
  int purgeBefore(Instant cutoff) {
    String bound = String.format("%019d", cutoff.toEpochMilli());
    int purged = 0;
    for (List<String> keys = index.keysBelow(bound, 10_000);
        !keys.isEmpty();
        keys = index.keysBelow(bound, 10_000)) {
      for (String indexKey : keys) {
        String[] parts = indexKey.split("/", 3);
        tables.get(parts[1]).delete(parts[2]);
        index.delete(indexKey);
        purged++;
      }
    }
    return purged;
  }
}
