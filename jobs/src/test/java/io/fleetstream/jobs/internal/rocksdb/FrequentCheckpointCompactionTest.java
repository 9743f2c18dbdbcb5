package io.fleetstream.jobs.internal.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.jobs.DispatchJobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.RocksDB;

/** The job's RocksDB lets level-0 files gather before compacting, and the job is set to use it. */
class FrequentCheckpointCompactionTest {

  @Test
  void levelZeroCompactsAfterSixteenFilesAndWritesSlowAndStopWellAboveThat() {
    RocksDB.loadLibrary();
    List<AutoCloseable> handles = new ArrayList<>();
    try (ColumnFamilyOptions defaults = new ColumnFamilyOptions();
        ColumnFamilyOptions tuned =
            new FrequentCheckpointCompaction()
                .createColumnOptions(new ColumnFamilyOptions(), handles)) {
      assertThat(defaults.level0FileNumCompactionTrigger()).isEqualTo(4);
      assertThat(tuned.level0FileNumCompactionTrigger()).isEqualTo(16);
      assertThat(tuned.level0SlowdownWritesTrigger()).isEqualTo(48);
      assertThat(tuned.level0StopWritesTrigger()).isEqualTo(64);
    }
  }

  @Test
  void theJobsRocksDbUsesIt(@TempDir Path dir) {
    DispatchJobConfig config = DispatchJobConfig.defaults().withCheckpointDir(dir);

    assertThat(config.toFlinkConfiguration().get(RocksDBOptions.OPTIONS_FACTORY))
        .isEqualTo(FrequentCheckpointCompaction.class.getName());
  }
}
