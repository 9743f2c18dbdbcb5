package io.fleetstream.deploy.stack;

import io.fleetstream.deploy.local.RestorePoint;
import io.fleetstream.deploy.local.Resumption;
import io.fleetstream.deploy.local.StateWorkDir;
import io.fleetstream.jobs.DispatchJob;
import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.jobs.optimize.RoadMap;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatch job on a local Flink MiniCluster with its web UI. Stopping takes a savepoint; a
 * crash leaves the last checkpoints behind; the next start resumes from the newest of them, so jobs
 * and drivers survive {@code down} / {@code up} and a {@code kill -9} alike.
 */
final class EmbeddedDispatchJob implements DispatchJobRun {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDispatchJob.class);
  static final int PARALLELISM = 2;

  private final Path dataDir;
  private final JobClient client;
  private final String restoredFrom;
  private final Path stateWorkDir;

  private EmbeddedDispatchJob(
      Path dataDir, JobClient client, String restoredFrom, Path stateWorkDir) {
    this.dataDir = dataDir;
    this.client = client;
    this.restoredFrom = restoredFrom;
    this.stateWorkDir = stateWorkDir;
  }

  /** Runs the job's {@link Rehearsal} in this JVM, with the configuration it will start with. */
  static Rehearsal.Result rehearse(
      Path dataDir, Path osmFile, String bootstrapServers, Duration duration) throws Exception {
    return new Rehearsal(config(dataDir, osmFile), PARALLELISM)
        .withKafka(bootstrapServers)
        .run(duration, LOG::info);
  }

  /** The stack's job: snapshots and the road graph in its data directory, on its map. */
  private static DispatchJobConfig config(Path dataDir, Path osmFile) {
    return DispatchJobConfig.defaults()
        .withCheckpointDir(dataDir.resolve("checkpoints"))
        .withRoadMap(RoadMap.of(dataDir.resolve("graph"), osmFile));
  }

  static EmbeddedDispatchJob start(
      Path dataDir,
      Path osmFile,
      String bootstrapServers,
      int webUiPort,
      int metricsPort,
      Duration timeout)
      throws Exception {
    DispatchJobConfig config =
        config(dataDir, osmFile).withStateWorkDir(StateWorkDir.prepare(dataDir));
    Configuration conf = config.toFlinkConfiguration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, webUiPort);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, PARALLELISM);
    // Flink's own Prometheus reporter: the job's metrics (ours and Flink's: checkpoints, Kafka
    // lag, backpressure) at http://127.0.0.1:<port>/metrics, loaded from the classpath.
    conf.addAll(
        Configuration.fromMap(
            Map.of(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                "metrics.reporter.prom.host",
                "127.0.0.1",
                "metrics.reporter.prom.port",
                Integer.toString(metricsPort))));
    // A broker restarted by the supervisor is back within seconds: do not let Flink's back-off
    // between restarts grow to its default minute meanwhile.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
        Duration.ofSeconds(5));
    Resumption resumption = Resumption.choose(dataDir, bootstrapServers);
    Optional<RestorePoint> restorePoint = resumption.restorePoint();
    restorePoint.ifPresent(
        p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.path().toUri().toString()));
    // Nothing to resume from but a group that already read the topics: rebuild from the log
    // instead of starting empty at the committed offsets.
    boolean rebuild = resumption.rebuild();
    DispatchJob job =
        (rebuild
                ? DispatchJob.forKafkaRebuildingState(bootstrapServers)
                : DispatchJob.forKafka(bootstrapServers))
            .config(config)
            .build();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    job.configure(env);
    env.setParallelism(PARALLELISM);
    job.addTo(env);
    JobClient client = env.executeAsync(DispatchJob.NAME);
    awaitRunning(client, timeout);
    RestorePoint.pruneCheckpoints(dataDir, client.getJobID().toHexString(), restorePoint);
    return new EmbeddedDispatchJob(dataDir, client, resumption.describe(), config.stateWorkDir());
  }

  @Override
  public String jobId() {
    return client.getJobID().toHexString();
  }

  @Override
  public String restoredFrom() {
    return restoredFrom;
  }

  /** Stops with a savepoint for the next start; cancels if that does not work in time. */
  @Override
  public void stop(Duration timeout) {
    try {
      String location =
          client
              .stopWithSavepoint(
                  false,
                  dataDir.resolve("savepoints").toUri().toString(),
                  SavepointFormatType.CANONICAL)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Resumption.recordSavepoint(dataDir, location);
      LOG.info("dispatch job stopped with savepoint {}", location);
    } catch (Exception e) {
      LOG.warn(
          "stop with savepoint failed ({}); cancelling; the next start resumes from the last checkpoint's Kafka offsets",
          e.toString());
      try {
        client.cancel().get(30, TimeUnit.SECONDS);
      } catch (Exception cancelFailed) {
        LOG.warn("cancel failed too: {}", cancelFailed.toString());
      }
    }
    deleteWorkingFiles();
  }

  /** RocksDB's working files are rebuilt from the savepoint or checkpoint on the next start. */
  private void deleteWorkingFiles() {
    try {
      StateWorkDir.delete(stateWorkDir);
    } catch (IOException e) {
      LOG.warn("could not delete the state working files in {}: {}", stateWorkDir, e.toString());
    }
  }

  private static void awaitRunning(JobClient client, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      JobStatus status = client.getJobStatus().get(10, TimeUnit.SECONDS);
      if (status == JobStatus.RUNNING) {
        return;
      }
      if (status.isGloballyTerminalState() || Instant.now().isAfter(deadline)) {
        String cause = "";
        try {
          client.getJobExecutionResult().get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
          cause = ": " + rootCause(e);
        }
        throw new IllegalStateException(
            "the dispatch job is " + status + " instead of RUNNING" + cause);
      }
      Thread.sleep(100);
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.toString();
  }
}
