package io.fleetstream.jobs;

import io.fleetstream.jobs.internal.rocksdb.FrequentCheckpointCompaction;
import io.fleetstream.jobs.optimize.RoadMap;
import io.fleetstream.jobs.zones.Zones;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;

/**
 * Settings of the dispatch job.
 *
 * @param checkpointInterval how often state is checkpointed and, with it, how often the
 *     exactly-once sink commits: the upper bound of added output latency
 * @param checkpointDir where checkpoints go (RocksDB, incremental); null keeps them in memory
 *     (tests)
 * @param geohashPrecision zone size for jobs and drivers without an explicit zone
 * @param parallelism operator parallelism; 0 means Flink's default
 * @param maxOutOfOrderness how far event time may run behind the newest record before timers fire
 * @param tracking how telemetry becomes driver state and ETAs
 * @param sla when a job counts as at risk
 * @param roadMap the road network the job drives on (a map file and where its graph is cached);
 *     null decides and solves on straight lines without loading a map
 * @param solverThreads search threads per optimization run
 * @param concurrentOptimizations runs in flight per operator instance
 * @param reoptimization when live zones are re-solved and when a new plan replaces the current one
 * @param stateWorkDir where RocksDB keeps its working files; null leaves them in Flink's temporary
 *     directories. They are rebuilt from the checkpoints on every restore, so memory-backed storage
 *     (tmpfs) is safe here, and it spares each checkpoint the disk syncs of RocksDB's flushes
 */
public record DispatchJobConfig(
    Duration checkpointInterval,
    Path checkpointDir,
    int geohashPrecision,
    int parallelism,
    Duration maxOutOfOrderness,
    Tracking tracking,
    Sla sla,
    RoadMap roadMap,
    int solverThreads,
    int concurrentOptimizations,
    Reoptimization reoptimization,
    Path stateWorkDir) {

  /**
   * @param etaChangeThreshold an ETA is published again only when it moved by more than this
   * @param offlineAfter a driver with no ping for this long (wall clock) is offline
   * @param driverStateInterval a moving driver's position is published at most this often
   * @param republishDistanceM ... and only once they moved at least this far since the last one
   * @param averageSpeedKmh straight-line travel speed until the road network provides times
   * @param detourFactor road distance over straight-line distance, for the same estimate
   * @param positionSampleM the dispatch planner hears of a driver's position once they moved this
   *     far ...
   * @param positionSampleInterval ... or this long (device time) passed since it last heard of it:
   *     decisions start routes where drivers are without every ping reaching the zone's planner
   */
  public record Tracking(
      Duration etaChangeThreshold,
      Duration offlineAfter,
      Duration driverStateInterval,
      double republishDistanceM,
      double averageSpeedKmh,
      double detourFactor,
      double positionSampleM,
      Duration positionSampleInterval)
      implements java.io.Serializable {

    public static final double DEFAULT_POSITION_SAMPLE_M = 250;
    public static final Duration DEFAULT_POSITION_SAMPLE_INTERVAL = Duration.ofSeconds(60);

    public Tracking {
      Objects.requireNonNull(positionSampleInterval, "positionSampleInterval");
      if (positionSampleM < 0) {
        throw new IllegalArgumentException("positionSampleM must not be negative");
      }
    }

    public Tracking(
        Duration etaChangeThreshold,
        Duration offlineAfter,
        Duration driverStateInterval,
        double republishDistanceM,
        double averageSpeedKmh,
        double detourFactor) {
      this(
          etaChangeThreshold,
          offlineAfter,
          driverStateInterval,
          republishDistanceM,
          averageSpeedKmh,
          detourFactor,
          DEFAULT_POSITION_SAMPLE_M,
          DEFAULT_POSITION_SAMPLE_INTERVAL);
    }

    public static Tracking defaults() {
      return new Tracking(
          Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofSeconds(5), 50, 30, 1.3);
    }

    /** Driver state for every applied ping: what the stream benchmark counts ping by ping. */
    public Tracking everyPing() {
      return new Tracking(
          etaChangeThreshold,
          offlineAfter,
          Duration.ZERO,
          0,
          averageSpeedKmh,
          detourFactor,
          positionSampleM,
          positionSampleInterval);
    }
  }

  /**
   * @param margin a job is at risk when its predicted finish is later than its window end minus
   *     this
   */
  public record Sla(Duration margin) implements java.io.Serializable {

    public static Sla defaults() {
      return new Sla(Duration.ofMinutes(10));
    }
  }

  /**
   * @param afterChanges a zone is re-solved after this many changes ...
   * @param after ... or this long after its first unsolved change, whichever comes first
   * @param timeLimit the solver's budget per zone
   * @param hysteresis the share of cost a new plan must save to replace the current one
   * @param cpuShare the share of one core each operator instance's re-solving may use over time, so
   *     live decisions and telemetry keep the rest; requests of a zone that wait are replaced by
   *     its newest
   * @param moveCost what giving a job to another driver costs a re-solve, in route time: a move
   *     must save more than this (see {@code io.fleetstream.routing.model.Incumbents})
   */
  public record Reoptimization(
      int afterChanges,
      Duration after,
      Duration timeLimit,
      double hysteresis,
      double cpuShare,
      Duration moveCost)
      implements java.io.Serializable {

    public Reoptimization {
      if (!(cpuShare > 0 && cpuShare <= 1)) {
        throw new IllegalArgumentException("cpuShare must be in (0, 1], was " + cpuShare);
      }
      Objects.requireNonNull(moveCost, "moveCost");
      if (moveCost.isNegative()) {
        throw new IllegalArgumentException("moveCost must be >= 0, was " + moveCost);
      }
    }

    public Reoptimization(int afterChanges, Duration after, Duration timeLimit, double hysteresis) {
      this(afterChanges, after, timeLimit, hysteresis, DEFAULT_CPU_SHARE, DEFAULT_MOVE_COST);
    }

    public static final double DEFAULT_CPU_SHARE = 0.25;

    /**
     * A minute of route time per job moved. Without it the online benchmark's re-plans moved jobs
     * 157 times in three 30-job days (one job ten times); a move that saves less than a minute is
     * not worth a new instruction to two drivers.
     */
    public static final Duration DEFAULT_MOVE_COST = Duration.ofMinutes(1);

    /**
     * A re-plan is adopted when it saves 1 % of the current plan's cost. The saving is net of the
     * moves it makes (each charged {@link #DEFAULT_MOVE_COST}), so the threshold only has to stand
     * for noise; at the 5 % it was before move costs, a zone of five 20-minute routes needed a
     * 5-minute net saving, and the online benchmark's days ended with jobs late that re-plans below
     * it would have saved (docs/benchmarks.md, 2026-12-07).
     */
    public static final double DEFAULT_HYSTERESIS = 0.01;

    public static Reoptimization defaults() {
      return new Reoptimization(
          20, Duration.ofSeconds(30), Duration.ofSeconds(2), DEFAULT_HYSTERESIS);
    }

    /**
     * Never re-solve: decisions stay exactly as the planner made them (tests of the decision path).
     */
    public static Reoptimization off() {
      return new Reoptimization(
          Integer.MAX_VALUE, Duration.ofDays(3650), Duration.ofSeconds(1), 1.0);
    }
  }

  public DispatchJobConfig {
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
    Objects.requireNonNull(tracking, "tracking");
    Objects.requireNonNull(sla, "sla");
    Objects.requireNonNull(reoptimization, "reoptimization");
    if (checkpointInterval.toMillis() < 10) {
      throw new IllegalArgumentException("checkpointInterval must be at least 10 ms");
    }
  }

  public static DispatchJobConfig defaults() {
    return new DispatchJobConfig(
        Duration.ofMillis(250),
        null,
        Zones.DEFAULT_GEOHASH_PRECISION,
        0,
        Duration.ofSeconds(5),
        Tracking.defaults(),
        Sla.defaults(),
        null,
        1,
        2,
        Reoptimization.defaults(),
        null);
  }

  public DispatchJobConfig withCheckpointDir(Path dir) {
    return copy(f -> f.checkpointDir = dir);
  }

  public DispatchJobConfig withCheckpointInterval(Duration interval) {
    return copy(f -> f.checkpointInterval = interval);
  }

  public DispatchJobConfig withTracking(Tracking newTracking) {
    return copy(f -> f.tracking = newTracking);
  }

  public DispatchJobConfig withSla(Sla newSla) {
    return copy(f -> f.sla = newSla);
  }

  /** The embedded Monaco map, its graph cached in {@code dir}; null: straight lines. */
  public DispatchJobConfig withRoadDataDir(Path dir) {
    return withRoadMap(dir == null ? null : RoadMap.embedded(dir));
  }

  public DispatchJobConfig withRoadMap(RoadMap map) {
    return copy(f -> f.roadMap = map);
  }

  public DispatchJobConfig withReoptimization(Reoptimization newReoptimization) {
    return copy(f -> f.reoptimization = newReoptimization);
  }

  public DispatchJobConfig withStateWorkDir(Path dir) {
    return copy(f -> f.stateWorkDir = dir);
  }

  /**
   * The Flink settings that belong with this job: RocksDB and incremental checkpoints when a
   * directory is set.
   */
  public Configuration toFlinkConfiguration() {
    Configuration conf = new Configuration();
    if (checkpointDir != null) {
      conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
      conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
      conf.set(
          CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          checkpointDir.toAbsolutePath().toUri().toString());
      // A cancelled or crashed job must leave its last checkpoint behind: the next start resumes
      // from it instead of from an older savepoint (decisions twice) or from nothing (state lost).
      // Two are kept in case the newest was cut short by a crash.
      conf.set(
          CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
          ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
      conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
      if (stateWorkDir != null) {
        conf.set(RocksDBOptions.LOCAL_DIRECTORIES, stateWorkDir.toAbsolutePath().toString());
      }
      conf.set(RocksDBOptions.OPTIONS_FACTORY, FrequentCheckpointCompaction.class.getName());
    }
    return conf;
  }

  /** This config with {@code change} made to a copy of its fields (one place lists them all). */
  private DispatchJobConfig copy(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return f.build();
  }

  /** The fields of a config being copied with a change. */
  private static final class Fields {
    Duration checkpointInterval;
    Path checkpointDir;
    int geohashPrecision;
    int parallelism;
    Duration maxOutOfOrderness;
    Tracking tracking;
    Sla sla;
    RoadMap roadMap;
    int solverThreads;
    int concurrentOptimizations;
    Reoptimization reoptimization;
    Path stateWorkDir;

    Fields(DispatchJobConfig from) {
      checkpointInterval = from.checkpointInterval;
      checkpointDir = from.checkpointDir;
      geohashPrecision = from.geohashPrecision;
      parallelism = from.parallelism;
      maxOutOfOrderness = from.maxOutOfOrderness;
      tracking = from.tracking;
      sla = from.sla;
      roadMap = from.roadMap;
      solverThreads = from.solverThreads;
      concurrentOptimizations = from.concurrentOptimizations;
      reoptimization = from.reoptimization;
      stateWorkDir = from.stateWorkDir;
    }

    DispatchJobConfig build() {
      return new DispatchJobConfig(
          checkpointInterval,
          checkpointDir,
          geohashPrecision,
          parallelism,
          maxOutOfOrderness,
          tracking,
          sla,
          roadMap,
          solverThreads,
          concurrentOptimizations,
          reoptimization,
          stateWorkDir);
    }
  }
}
