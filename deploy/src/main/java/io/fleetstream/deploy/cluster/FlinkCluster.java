package io.fleetstream.deploy.cluster;

import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.broker.process.LocalPorts;
import io.fleetstream.broker.process.ProcessTree;
import io.fleetstream.deploy.cluster.internal.FlinkProcesses;
import io.fleetstream.deploy.local.StackPorts;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;

/**
 * A standalone Flink session cluster on this machine: one JobManager and N TaskManager processes
 * from Flink's own entry points, and (unless an external Kafka is named) a single-node Kafka
 * broker, all outliving the command that started them. Its files live in {@code
 * <data-dir>/cluster}: {@code conf/}, {@code log/}, {@code kafka/}, {@code checkpoints/}, {@code
 * cluster.json}.
 *
 * <p>With base port P the broker listens on P and Flink's REST API and web UI on P+1, as for the
 * embedded stack; Flink's Prometheus reporter takes one port per process from P+3 on.
 */
public final class FlinkCluster {

  private final Path dataDir;
  private final int taskManagers;
  private final int slots;
  private final int basePort;
  private final String kafka;
  private final ClusterArtifacts artifacts;

  private FlinkCluster(Builder b) {
    this.dataDir = b.dataDir.toAbsolutePath();
    this.taskManagers = b.taskManagers;
    this.slots = b.slots;
    this.basePort = b.basePort;
    this.kafka = b.kafka;
    this.artifacts = b.artifacts != null ? b.artifacts : ClusterArtifacts.ofThisCheckout();
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** The cluster's own directory inside a data directory. */
  public static Path clusterDir(Path dataDir) {
    return dataDir.toAbsolutePath().resolve("cluster");
  }

  /** The cluster of {@code dataDir} if its JobManager runs (some TaskManagers may be gone). */
  public static Optional<ClusterStatus> running(Path dataDir) {
    return ClusterStatus.read(clusterDir(dataDir)).filter(ClusterStatus::jobManagerAlive);
  }

  /**
   * Starts the broker (unless external), the JobManager and the TaskManagers, and returns once the
   * REST API reports every TaskManager registered.
   */
  public ClusterStatus up(PrintWriter progress, Duration timeout) {
    Path dir = clusterDir(dataDir);
    Optional<ClusterStatus> old = ClusterStatus.read(dir);
    if (old.isPresent()) {
      if (old.get().allAlive()) {
        return old.get();
      }
      down(dataDir, progress); // a half-dead cluster: start again from clean processes
    }
    StackPorts ports = StackPorts.resolve(dir, basePort);
    Instant deadline = Instant.now().plus(timeout);
    List<Long> started = new ArrayList<>();
    try {
      String bootstrap = kafka;
      long brokerPid = 0;
      if (bootstrap == null) {
        step(progress, "  starting Kafka broker (KRaft, single node) ...");
        KafkaBroker broker =
            KafkaBroker.builder()
                .dataDir(dir.resolve("kafka"))
                .port(ports.kafka())
                .heap("768m")
                .detached()
                .build()
                .start();
        bootstrap = broker.bootstrapServers();
        brokerPid = broker.pid();
        started.add(brokerPid);
        progress.println(" done");
      }
      int metricsFirst = basePort > 0 ? basePort + 3 : ports.flinkMetrics();
      String metricsPorts = metricsFirst + "-" + (metricsFirst + taskManagers);
      FlinkProcesses flink = new FlinkProcesses(dir, artifacts.classpath());
      flink.writeConfig(settings(dir, ports.flinkUi(), metricsPorts));

      step(progress, "  starting the Flink JobManager ...");
      long jm = flink.startJobManager().pid();
      started.add(jm);
      String restUrl = "http://127.0.0.1:" + ports.flinkUi();
      List<Long> tms = new ArrayList<>();
      try (FlinkRest rest = new FlinkRest(URI.create(restUrl))) {
        rest.awaitTaskManagers(
            0, deadline, () -> ProcessHandle.of(jm).map(ProcessHandle::isAlive).orElse(false));
        progress.println(" done");

        step(
            progress,
            "  starting " + taskManagers + " TaskManager(s) with " + slots + " slot(s) each ...");
        for (int i = 1; i <= taskManagers; i++) {
          long pid = flink.startTaskManager(i).pid();
          tms.add(pid);
          started.add(pid);
        }
        rest.awaitTaskManagers(
            taskManagers,
            deadline,
            () ->
                tms.stream()
                    .allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
      }
      progress.println(" done");
      Map<Long, String> startedAt = new LinkedHashMap<>();
      started.forEach(pid -> ClusterStatus.startOf(pid).ifPresent(t -> startedAt.put(pid, t)));
      ClusterStatus status =
          new ClusterStatus(restUrl, bootstrap, brokerPid, jm, tms, metricsPorts, startedAt);
      status.write(dir);
      return status;
    } catch (RuntimeException e) {
      progress.println(" failed");
      for (int i = started.size() - 1; i >= 0; i--) {
        stop(started.get(i));
      }
      throw new IllegalStateException(
          e.getMessage()
              + "\n(logs in "
              + dir.resolve("log")
              + " and "
              + dir.resolve("kafka")
              + ")",
          e);
    }
  }

  private Map<String, String> settings(Path dir, int restPort, String metricsPorts) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("jobmanager.rpc.address", "127.0.0.1");
    s.put("jobmanager.rpc.port", Integer.toString(LocalPorts.freePort()));
    s.put("jobmanager.bind-host", "127.0.0.1");
    s.put("taskmanager.bind-host", "127.0.0.1");
    s.put("taskmanager.host", "127.0.0.1");
    s.put("rest.address", "127.0.0.1");
    s.put("rest.bind-address", "127.0.0.1");
    s.put("rest.port", Integer.toString(restPort));
    s.put("jobmanager.memory.process.size", "1024m");
    // The job keeps the road graph and the solver on the heap beside RocksDB's managed memory.
    s.put("taskmanager.memory.process.size", "2048m");
    s.put("taskmanager.memory.managed.fraction", "0.25");
    s.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
    // Slots taken evenly across TaskManagers: a job below the cluster's size keeps spare slots on
    // every TaskManager, where it restarts when one of them is lost.
    s.put("taskmanager.load-balance.mode", "slots");
    s.put("parallelism.default", Integer.toString(Math.max(1, taskManagers * slots)));
    // A lost TaskManager is noticed within seconds, not the default 50 s.
    s.put("heartbeat.interval", "2000");
    s.put("heartbeat.timeout", "10000");
    s.put("restart-strategy.type", "exponential-delay");
    s.put("restart-strategy.exponential-delay.max-backoff", "5 s");
    s.put("state.backend.type", "rocksdb");
    s.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
    s.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
    s.put("web.upload.dir", dir.resolve("uploads").toString());
    s.put("io.tmp.dirs", dir.resolve("tmp").toString());
    s.put(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    s.put("metrics.reporter.prom.host", "127.0.0.1");
    s.put("metrics.reporter.prom.port", metricsPorts);
    return s;
  }

  /**
   * Stops the cluster of {@code dataDir}: a running dispatch job first, with a savepoint its next
   * {@code submit} resumes from, then every process. Returns whether a cluster was there.
   */
  public static boolean down(Path dataDir, PrintWriter progress) {
    Path dir = clusterDir(dataDir);
    Optional<ClusterStatus> status = ClusterStatus.read(dir);
    status.filter(ClusterStatus::jobManagerAlive).ifPresent(s -> stopDispatchJob(s, dir, progress));
    status.ifPresent(FlinkCluster::stopAll);
    status.ifPresent(s -> ClusterStatus.file(clusterDir(dataDir)).toFile().delete());
    return status.isPresent();
  }

  private static void stopDispatchJob(ClusterStatus status, Path dir, PrintWriter progress) {
    try {
      URI rest = URI.create(status.restUrl());
      for (JobID job : JobSubmission.runningDispatchJobs(rest)) {
        progress.print("  stopping the dispatch job with a savepoint ...");
        progress.flush();
        String location = JobSubmission.stopWithSavepoint(rest, job, dir, Duration.ofSeconds(120));
        progress.println(" done (" + location + ")");
      }
    } catch (RuntimeException e) {
      // The processes stop anyway; the next submit resumes from the last checkpoint instead.
      progress.println(
          " failed: " + e.getMessage() + " (the next submit resumes from the last checkpoint)");
    }
  }

  private static void stopAll(ClusterStatus status) {
    for (long pid : status.pidsInStopOrder()) {
      status.process(pid).ifPresent(p -> ProcessTree.stop(p, Duration.ofSeconds(30)));
    }
  }

  private static void stop(long pid) {
    ProcessHandle.of(pid).ifPresent(p -> ProcessTree.stop(p, Duration.ofSeconds(30)));
  }

  private static void step(PrintWriter progress, String what) {
    progress.print(what);
    progress.flush();
  }

  /** Builds a {@link FlinkCluster}. */
  public static final class Builder {
    private final Path dataDir;
    private int taskManagers = 2;
    private int slots = 2;
    private int basePort;
    private String kafka;
    private ClusterArtifacts artifacts;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    public Builder taskManagers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("--taskmanagers must be at least 1");
      }
      this.taskManagers = n;
      return this;
    }

    public Builder slots(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("--slots must be at least 1");
      }
      this.slots = n;
      return this;
    }

    /** 0: Kafka 9092 and the REST API 8081 when free, else free ports (kept per data dir). */
    public Builder basePort(int port) {
      this.basePort = port;
      return this;
    }

    /** An external Kafka cluster instead of the embedded broker. */
    public Builder kafka(String bootstrapServers) {
      this.kafka = bootstrapServers;
      return this;
    }

    public Builder artifacts(ClusterArtifacts artifacts) {
      this.artifacts = artifacts;
      return this;
    }

    public FlinkCluster build() {
      return new FlinkCluster(this);
    }
  }
}
