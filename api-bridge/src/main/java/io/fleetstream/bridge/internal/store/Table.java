package io.fleetstream.bridge.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * One column family: string keys in byte order, JSON values. Thread-safe (RocksDB is). A table
 * shared through a {@link StateLog} writes through the log (every bridge applies the write); one
 * that is not writes only here.
 */
public final class Table {

  private final RocksDB db;
  private final ColumnFamilyHandle handle;
  private final WriteOptions writeOptions;
  private final ObjectMapper json;
  private volatile StateLog log;
  private volatile String sharedName;

  Table(RocksDB db, ColumnFamilyHandle handle, WriteOptions writeOptions, ObjectMapper json) {
    this.db = db;
    this.handle = handle;
    this.writeOptions = writeOptions;
    this.json = json;
  }

  /** One page of a prefix scan; {@code more} says whether entries follow the last one. */
  public record Page<T>(List<T> items, boolean more) {}

  public <T> Optional<T> get(String key, Class<T> type) {
    byte[] bytes = getBytes(key);
    try {
      return bytes == null ? Optional.empty() : Optional.of(json.readValue(bytes, type));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * Keeps {@code value} under {@code key}; on a shared table, returns once this bridge has applied
   * it from the log (a 503 {@link io.fleetstream.bridge.internal.http.ApiException} when Kafka does
   * not take it).
   */
  public void put(String key, Object value) {
    StateLog shared = log;
    if (shared == null) {
      putLocal(key, value);
    } else {
      shared.write(sharedName, key, encode(key, value));
    }
  }

  /** As {@link #put} for several entries, in this order, with one wait on a shared table. */
  public void putAll(java.util.LinkedHashMap<String, Object> values) {
    StateLog shared = log;
    if (shared == null) {
      values.forEach(this::putLocal);
      return;
    }
    java.util.LinkedHashMap<String, byte[]> encoded = new java.util.LinkedHashMap<>();
    values.forEach((k, v) -> encoded.put(k, encode(k, v)));
    shared.writeAll(sharedName, encoded);
  }

  /**
   * Keeps {@code value} here at once and sends it to the other bridges without waiting: for a
   * bridge's own counters, which no other bridge writes (its merge must keep the newer of two, as
   * this write may be read back from the log after a newer one was kept here). When Kafka is down,
   * the local copy still has it and the next write sends it again.
   */
  public void putLater(String key, Object value) {
    byte[] bytes = encode(key, value);
    putBytesLocal(key, bytes);
    StateLog shared = log;
    if (shared != null) {
      shared.writeLater(sharedName, key, bytes);
    }
  }

  public void delete(String key) {
    StateLog shared = log;
    if (shared == null) {
      deleteLocal(key);
    } else {
      shared.write(sharedName, key, null);
    }
  }

  /** As {@link #putLater}, for a delete. */
  public void deleteLater(String key) {
    deleteLocal(key);
    StateLog shared = log;
    if (shared != null) {
      shared.writeLater(sharedName, key, null);
    }
  }

  void shareThrough(StateLog stateLog, String name) {
    this.sharedName = name;
    this.log = stateLog;
  }

  void putLocal(String key, Object value) {
    putBytesLocal(key, encode(key, value));
  }

  private byte[] encode(String key, Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + key + ": " + e.getMessage(), e);
    }
  }

  void putBytesLocal(String key, byte[] value) {
    try {
      db.put(handle, writeOptions, key.getBytes(StandardCharsets.UTF_8), value);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot write " + key + ": " + e.getMessage(), e);
    }
  }

  void deleteLocal(String key) {
    try {
      db.delete(handle, writeOptions, key.getBytes(StandardCharsets.UTF_8));
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot delete " + key + ": " + e.getMessage(), e);
    }
  }

  /** The stored bytes under {@code key}, or null. */
  byte[] getBytes(String key) {
    try {
      return db.get(handle, key.getBytes(StandardCharsets.UTF_8));
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read " + key + ": " + e.getMessage(), e);
    }
  }

  /** Calls {@code each} with every entry of this copy, in key order, as stored. */
  void forEachStored(java.util.function.BiConsumer<String, byte[]> each) {
    try (RocksIterator it = db.newIterator(handle)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        each.accept(new String(it.key(), StandardCharsets.UTF_8), it.value());
      }
    }
  }

  /** Deletes every entry of this copy (a shared table about to be rebuilt from its log). */
  void clearLocal() {
    for (String key : keys("")) {
      deleteLocal(key);
    }
  }

  /**
   * Entries whose key starts with {@code prefix}, in key order, starting after key {@code prefix +
   * after} (or at the start when {@code after} is null), skipping values that fail {@code keep}, at
   * most {@code limit}.
   */
  public <T> Page<T> scan(
      String prefix, String after, int limit, Class<T> type, Predicate<T> keep) {
    return scanUntil(prefix, after, null, limit, type, keep);
  }

  /**
   * As {@link #scan}, ending before key {@code prefix + until} (no bound when null): a range read
   * of a time-ordered index stops at its end instead of reading the rest of the prefix.
   */
  public <T> Page<T> scanUntil(
      String prefix, String after, String until, int limit, Class<T> type, Predicate<T> keep) {
    byte[] end = until == null ? null : (prefix + until).getBytes(StandardCharsets.UTF_8);
    byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
    List<T> items = new ArrayList<>();
    try (RocksIterator it = db.newIterator(handle)) {
      if (after == null) {
        it.seek(prefixBytes);
      } else {
        byte[] start = (prefix + after).getBytes(StandardCharsets.UTF_8);
        it.seek(start);
        if (it.isValid() && Arrays.equals(it.key(), start)) {
          it.next();
        }
      }
      for (;
          it.isValid()
              && startsWith(it.key(), prefixBytes)
              && (end == null || Arrays.compareUnsigned(it.key(), end) < 0);
          it.next()) {
        T value = json.readValue(it.value(), type);
        if (!keep.test(value)) {
          continue;
        }
        if (items.size() == limit) {
          return new Page<>(items, true);
        }
        items.add(value);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot scan " + prefix + ": " + e.getMessage(), e);
    }
    return new Page<>(items, false);
  }

  /** A stored value as JSON with its key, for moving records between bridges as they are. */
  public record Entry(String key, JsonNode value) {}

  /**
   * Entries whose key starts with {@code prefix}, in key order, after key {@code after} (from the
   * start when null): at most {@code limit}, and no more once {@code maxBytes} of values have been
   * read (at least one is).
   */
  public Page<Entry> entries(String prefix, String after, int limit, long maxBytes) {
    byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
    List<Entry> items = new ArrayList<>();
    long bytes = 0;
    try (RocksIterator it = db.newIterator(handle)) {
      if (after == null) {
        it.seek(prefixBytes);
      } else {
        byte[] start = after.getBytes(StandardCharsets.UTF_8);
        it.seek(start);
        if (it.isValid() && Arrays.equals(it.key(), start)) {
          it.next();
        }
      }
      for (; it.isValid() && startsWith(it.key(), prefixBytes); it.next()) {
        if (items.size() == limit || (bytes >= maxBytes && !items.isEmpty())) {
          return new Page<>(items, true);
        }
        byte[] value = it.value();
        bytes += value.length;
        items.add(new Entry(new String(it.key(), StandardCharsets.UTF_8), json.readTree(value)));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot scan " + prefix + ": " + e.getMessage(), e);
    }
    return new Page<>(items, false);
  }

  /** The raw JSON kept under {@code key}. */
  public Optional<JsonNode> getJson(String key) {
    return get(key, JsonNode.class);
  }

  /** {@code node} read as this table reads its values (unknown fields ignored). */
  public <T> T decode(JsonNode node, Class<T> type) {
    try {
      return json.treeToValue(node, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /** {@code value} as this table stores it. */
  public JsonNode toJson(Object value) {
    return json.valueToTree(value);
  }

  /** Every key with this prefix (for maintenance jobs such as expiry). */
  public List<String> keys(String prefix) {
    byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
    List<String> keys = new ArrayList<>();
    try (RocksIterator it = db.newIterator(handle)) {
      for (it.seek(prefixBytes); it.isValid() && startsWith(it.key(), prefixBytes); it.next()) {
        keys.add(new String(it.key(), StandardCharsets.UTF_8));
      }
    }
    return keys;
  }

  /** The first {@code limit} keys in order that sort below {@code bound} (an expiry index's). */
  public List<String> keysBelow(String bound, int limit) {
    byte[] boundBytes = bound.getBytes(StandardCharsets.UTF_8);
    List<String> keys = new ArrayList<>();
    try (RocksIterator it = db.newIterator(handle)) {
      for (it.seekToFirst();
          it.isValid() && keys.size() < limit && Arrays.compareUnsigned(it.key(), boundBytes) < 0;
          it.next()) {
        keys.add(new String(it.key(), StandardCharsets.UTF_8));
      }
    }
    return keys;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
