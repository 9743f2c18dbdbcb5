package io.fleetstream.deploy.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code cluster up} started, kept in {@code <data-dir>/cluster/cluster.json} for {@code
 * submit}, {@code status} and {@code down}.
 *
 * @param restUrl the Flink REST API and web UI
 * @param bootstrapServers the Kafka cluster the job reads and writes
 * @param brokerPid the embedded broker's pid, 0 when the Kafka cluster is external
 * @param jobManagerPid the JobManager's pid
 * @param taskManagerPids every TaskManager's pid, in start order
 * @param metricsPorts the Prometheus ports Flink's reporter may take (one per process)
 * @param startedAt when each of those processes started, by pid, as the operating system says: a
 *     pid that a later process reuses (after a reboot) is never taken for one of ours
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClusterStatus(
    String restUrl,
    String bootstrapServers,
    long brokerPid,
    long jobManagerPid,
    List<Long> taskManagerPids,
    String metricsPorts,
    Map<Long, String> startedAt) {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ClusterStatus {
    taskManagerPids = List.copyOf(taskManagerPids);
    startedAt = startedAt == null ? Map.of() : Map.copyOf(startedAt);
  }

  /** When {@code pid} started, as the operating system says, if it runs. */
  static Optional<String> startOf(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).map(Object::toString);
  }

  /** The process {@code pid} if it is still the one this cluster started. */
  public Optional<ProcessHandle> process(long pid) {
    String recorded = startedAt.get(pid);
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> recorded == null || startOf(pid).map(recorded::equals).orElse(true));
  }

  static Path file(Path clusterDir) {
    return clusterDir.resolve("cluster.json");
  }

  /** The status in {@code clusterDir}, if a cluster was started there. */
  public static Optional<ClusterStatus> read(Path clusterDir) {
    Path file = file(clusterDir);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), ClusterStatus.class));
    } catch (IOException e) {
      return Optional.empty(); // half-written or foreign: no cluster
    }
  }

  void write(Path clusterDir) {
    Path file = file(clusterDir);
    try {
      Path tmp = file.resolveSibling("cluster.json.tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every pid this cluster started, TaskManagers first (the order to stop them in). */
  public List<Long> pidsInStopOrder() {
    var pids = new java.util.ArrayList<>(taskManagerPids);
    pids.add(jobManagerPid);
    if (brokerPid > 0) {
      pids.add(brokerPid);
    }
    return pids;
  }

  /** Whether every process it started is still alive. */
  public boolean allAlive() {
    return pidsInStopOrder().stream().allMatch(this::alive);
  }

  /** Whether the JobManager (the REST API, the jobs) is alive. */
  public boolean jobManagerAlive() {
    return alive(jobManagerPid);
  }

  public boolean alive(long pid) {
    return process(pid).isPresent();
  }
}
