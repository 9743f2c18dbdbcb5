package io.fleetstream.jobs;

import io.fleetstream.jobs.zones.Zones;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Settings of the dispatch job.
 *
 * @param checkpointInterval how often state is checkpointed and, with it, how often the
 *     exactly-once sink commits: the upper bound of added output latency
 * @param checkpointDir where checkpoints go (RocksDB, incremental); null keeps them in memory (tests)
 * @param geohashPrecision zone size for jobs and drivers without an explicit zone
 * @param parallelism operator parallelism; 0 means Flink's default
 */
public record DispatchJobConfig(Duration checkpointInterval, Path checkpointDir, int geohashPrecision, int parallelism) {

  public DispatchJobConfig {
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    if (checkpointInterval.toMillis() < 10) {
      throw new IllegalArgumentException("checkpointInterval must be at least 10 ms");
    }
  }

  public static DispatchJobConfig defaults() {
    return new DispatchJobConfig(Duration.ofMillis(500), null, Zones.DEFAULT_GEOHASH_PRECISION, 0);
  }

  public DispatchJobConfig withCheckpointDir(Path dir) {
    return new DispatchJobConfig(checkpointInterval, dir, geohashPrecision, parallelism);
  }

  public DispatchJobConfig withCheckpointInterval(Duration interval) {
    return new DispatchJobConfig(interval, checkpointDir, geohashPrecision, parallelism);
  }

  /** The Flink settings that belong with this job: RocksDB and incremental checkpoints when a directory is set. */
  public Configuration toFlinkConfiguration() {
    Configuration conf = new Configuration();
    if (checkpointDir != null) {
      conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
      conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toAbsolutePath().toUri().toString());
    }
    return conf;
  }
}
