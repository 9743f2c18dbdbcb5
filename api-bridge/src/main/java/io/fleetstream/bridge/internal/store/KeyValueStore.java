package io.fleetstream.bridge.internal.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.internal.http.ApiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * One RocksDB database with a column family per table; values are JSON. Writes go through the
 * write-ahead log without an fsync each: a crashed bridge process loses nothing, a crashed machine
 * may lose the last moments (views are rebuilt from Kafka; see docs/api.md for the own stores).
 */
public final class KeyValueStore implements AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  /** Stored records may gain fields in a newer bridge; an older one still reads them. */
  static final ObjectMapper STORAGE =
      ApiJson.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final RocksDB db;
  private final DBOptions options;
  private final ColumnFamilyOptions familyOptions;
  private final WriteOptions writeOptions = new WriteOptions();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final Map<String, Table> tables = new HashMap<>();

  private KeyValueStore(Path dir, List<String> tableNames) throws RocksDBException, IOException {
    Files.createDirectories(dir);
    options =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxBackgroundJobs(2)
            .setKeepLogFileNum(3);
    familyOptions = new ColumnFamilyOptions().optimizeForSmallDb();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
    for (String name : tableNames) {
      descriptors.add(
          new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions));
    }
    db = RocksDB.open(options, dir.toString(), descriptors, handles);
    for (int i = 0; i < tableNames.size(); i++) {
      tables.put(tableNames.get(i), new Table(db, handles.get(i + 1), writeOptions, STORAGE));
    }
  }

  /** Opens (or creates) the database in {@code dir} with these tables. */
  public static KeyValueStore open(Path dir, List<String> tableNames) {
    try {
      return new KeyValueStore(dir, tableNames);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot open RocksDB in " + dir + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Table table(String name) {
    Table t = tables.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no table " + name);
    }
    return t;
  }

  @Override
  public void close() {
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    writeOptions.close();
    familyOptions.close();
    options.close();
  }
}
