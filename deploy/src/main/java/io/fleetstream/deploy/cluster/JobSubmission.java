package io.fleetstream.deploy.cluster;

import io.fleetstream.connectors.kafka.KafkaSecurity;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.deploy.local.RestorePoint;
import io.fleetstream.deploy.local.Resumption;
import io.fleetstream.jobs.DispatchJob;
import io.fleetstream.jobs.DispatchJobMain;
import io.fleetstream.jobs.optimize.RoadMap;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.messages.webmonitor.JobDetails;

/**
 * Submits the dispatch job to a Flink cluster the way any Flink user does: creates the topics,
 * uploads {@code fleetstream-flink-job.jar} through the cluster's REST API and runs its entry point
 * ({@link DispatchJobMain}) there, resuming from the newest snapshot in its state directory (or
 * rebuilding its state from the topics when every snapshot is gone), then waits until every task
 * runs.
 */
public final class JobSubmission {

  /** What was submitted. */
  public record Submitted(JobID jobId, String jarId, int tasks, String resumedFrom) {}

  private final URI cluster;
  private final String kafka;
  private final Path stateDir;
  private final Path roadDataDir;
  private final Path osmFile;
  private final Integer parallelism;
  private final int partitions;
  private final int replicationFactor;
  private final Path jobJar;
  private final boolean resume;
  private final List<String> jobArgs;

  private JobSubmission(Builder b) {
    this.cluster = b.cluster;
    this.kafka = b.kafka;
    this.stateDir = b.stateDir;
    this.roadDataDir = b.roadDataDir;
    this.osmFile = b.osmFile;
    this.parallelism = b.parallelism;
    this.partitions = b.partitions;
    this.replicationFactor = b.replicationFactor;
    this.jobJar = b.jobJar != null ? b.jobJar : ClusterArtifacts.ofThisCheckout().jobJar();
    this.resume = b.resume;
    this.jobArgs = List.copyOf(b.jobArgs);
  }

  public static Builder builder(URI cluster, String kafka) {
    return new Builder(cluster, kafka);
  }

  /** Topics, graph, upload, run; returns once every task of the job runs. */
  public Submitted submit(PrintWriter progress, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    try (FlinkRest rest = new FlinkRest(cluster)) {
      // Two dispatch jobs on the same topics would fence each other's transactions.
      for (JobDetails j : rest.jobs()) {
        if (DispatchJob.NAME.equals(j.getJobName()) && !j.getStatus().isGloballyTerminalState()) {
          throw new IllegalStateException(
              "the dispatch job already runs on " + cluster + " as job " + j.getJobId());
        }
      }
      progress.print(
          "  creating topics ("
              + partitions
              + " partitions, replication "
              + replicationFactor
              + ") ...");
      progress.flush();
      TopicAdmin.Result topics =
          TopicAdmin.builder()
              .bootstrapServers(kafka)
              .partitions(partitions)
              .replicationFactor(replicationFactor)
              .withBridgeState()
              .build()
              .ensureTopics();
      progress.println(
          " done ("
              + topics.created().size()
              + " created, "
              + topics.existing().size()
              + " there)");
      if (roadDataDir != null) {
        // Imported once here rather than by every TaskManager at once into the same folder.
        RoadMap map = RoadMap.of(roadDataDir, osmFile);
        progress.print(
            "  importing the road graph of the "
                + map.describe()
                + " into "
                + roadDataDir
                + " ...");
        progress.flush();
        map.network();
        progress.println(" done");
      }
      Resumption resumption =
          stateDir != null && resume
              ? Resumption.choose(stateDir, kafka)
              : new Resumption(Optional.empty(), false);
      progress.println(
          "  resuming from: "
              + (resumption.describe() != null
                  ? resumption.describe()
                  : "nothing (a first start)"));
      progress.print(
          "  uploading "
              + jobJar.getFileName()
              + " ("
              + jobJar.toFile().length() / 1_000_000
              + " MB) ...");
      progress.flush();
      String jarId = rest.upload(jobJar);
      progress.println(" done");
      progress.print("  running the dispatch job ...");
      progress.flush();
      JobID id =
          rest.run(
              jarId,
              DispatchJobMain.class.getName(),
              programArgs(resumption.rebuild()),
              parallelism,
              resumption.restorePoint().map(p -> p.path().toUri().toString()).orElse(null));
      rest.awaitAllTasksRunning(id, deadline);
      progress.println(" done");
      if (stateDir != null) {
        // The runs before this one are no longer needed (see RestorePoint.pruneCheckpoints).
        RestorePoint.pruneCheckpoints(stateDir, id.toHexString(), resumption.restorePoint());
      }
      int tasks = rest.job(id).map(JobDetails::getNumTasks).orElse(0);
      return new Submitted(id, jarId, tasks, resumption.describe());
    }
  }

  /** Where a work directory keeps the imported road graph. */
  public static Path roadGraphIn(Path workDir) {
    return workDir.resolve("graph");
  }

  /**
   * Stops job {@code id} on {@code cluster} with a savepoint under {@code stateDir/savepoints} and
   * records it there for the next submission to resume from; returns the savepoint's location.
   */
  public static String stopWithSavepoint(URI cluster, JobID id, Path stateDir, Duration timeout) {
    try (FlinkRest rest = new FlinkRest(cluster)) {
      String location = rest.stopWithSavepoint(id, stateDir.resolve("savepoints"), timeout);
      Resumption.recordSavepoint(stateDir, location);
      return location;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Cancels job {@code id} on {@code cluster} (no savepoint: its state is not wanted). */
  public static void cancel(URI cluster, JobID id) {
    try (FlinkRest rest = new FlinkRest(cluster)) {
      rest.cancel(id);
    }
  }

  /** The dispatch jobs that run (or are starting) on {@code cluster}. */
  public static List<JobID> runningDispatchJobs(URI cluster) {
    try (FlinkRest rest = new FlinkRest(cluster)) {
      return rest.jobs().stream()
          .filter(j -> DispatchJob.NAME.equals(j.getJobName()))
          .filter(j -> !j.getStatus().isGloballyTerminalState())
          .map(JobDetails::getJobId)
          .toList();
    }
  }

  private List<String> programArgs(boolean rebuild) {
    List<String> args = new ArrayList<>(List.of("--kafka", kafka));
    KafkaSecurity.current()
        .file()
        .ifPresent(f -> args.addAll(List.of("--kafka-config", f.toString())));
    if (stateDir != null) {
      args.addAll(
          List.of("--checkpoint-dir", stateDir.resolve("checkpoints").toAbsolutePath().toString()));
    }
    if (rebuild) {
      args.add("--rebuild-state");
    }
    args.addAll(jobArgs);
    if (roadDataDir != null) {
      args.addAll(List.of("--road-data-dir", roadDataDir.toAbsolutePath().toString()));
      if (osmFile != null) {
        args.addAll(List.of("--road-osm", osmFile.toAbsolutePath().toString()));
      }
    }
    return args;
  }

  /** Builds a {@link JobSubmission}. */
  public static final class Builder {
    private final URI cluster;
    private final String kafka;
    private Path stateDir;
    private Path roadDataDir;
    private Path osmFile;
    private Integer parallelism;
    private int partitions = 4;
    private int replicationFactor = 1;
    private Path jobJar;
    private boolean resume = true;
    private final List<String> jobArgs = new ArrayList<>();

    private Builder(URI cluster, String kafka) {
      this.cluster = cluster;
      this.kafka = kafka;
    }

    /**
     * Where the job's snapshots live ({@code checkpoints/}, {@code savepoints/LATEST}), on a path
     * the JobManager and every TaskManager reach: the job resumes from the newest one there.
     */
    public Builder stateDir(Path dir) {
      this.stateDir = dir;
      return this;
    }

    /**
     * Where the road graph is imported and read (shared by every TaskManager); null: straight
     * lines.
     */
    public Builder roadDataDir(Path dir) {
      this.roadDataDir = dir;
      return this;
    }

    /**
     * The {@code .osm.pbf} the job drives on, on a path every TaskManager reads; null: the embedded
     * Monaco extract. Used only with a {@link #roadDataDir}.
     */
    public Builder osmFile(Path file) {
      this.osmFile = file;
      return this;
    }

    /** The job's snapshots in {@code dir} and its road graph in {@link #roadGraphIn(Path)}. */
    public Builder workDir(Path dir) {
      return stateDir(dir).roadDataDir(roadGraphIn(dir));
    }

    /** null: the cluster's default parallelism. */
    public Builder parallelism(Integer parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    public Builder topics(int partitions, int replicationFactor) {
      this.partitions = partitions;
      this.replicationFactor = replicationFactor;
      return this;
    }

    /** A first start whatever the state directory holds: no snapshot restored, no rebuild. */
    public Builder fresh() {
      this.resume = false;
      return this;
    }

    /** More arguments for {@code DispatchJobMain} (see its options). */
    public Builder jobArgs(List<String> args) {
      this.jobArgs.addAll(args);
      return this;
    }

    public Builder jobJar(Path jar) {
      this.jobJar = jar;
      return this;
    }

    public JobSubmission build() {
      return new JobSubmission(this);
    }
  }
}
