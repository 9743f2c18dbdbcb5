package io.fleetstream.jobs.internal.rocksdb;

import java.util.Collection;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * RocksDB compaction for checkpoints every 250 ms. Each incremental checkpoint flushes every
 * state's memtable into a small level-0 file, and RocksDB's default merges level 0 into level 1
 * (rewriting level 1) as soon as four such files exist: once a second per state. At 100,000
 * drivers, whose pings change a different driver each, that merging took a sixth of the machine's
 * two cores. Letting {@value #LEVEL0_FILES} files gather first rewrites level 1 four times less
 * often; a read looks in a few more small files, and the job's operators read their hot state from
 * the heap.
 */
public final class FrequentCheckpointCompaction implements RocksDBOptionsFactory {

  private static final long serialVersionUID = 1L;

  /** Level-0 files that start a compaction into level 1 (RocksDB's default: 4). */
  public static final int LEVEL0_FILES = 16;

  @Override
  public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handles) {
    return current;
  }

  @Override
  public ColumnFamilyOptions createColumnOptions(
      ColumnFamilyOptions current, Collection<AutoCloseable> handles) {
    // Writes slow down and stop at level-0 counts kept well above the trigger, as by default.
    return current
        .setLevel0FileNumCompactionTrigger(LEVEL0_FILES)
        .setLevel0SlowdownWritesTrigger(LEVEL0_FILES * 3)
        .setLevel0StopWritesTrigger(LEVEL0_FILES * 4);
  }
}
