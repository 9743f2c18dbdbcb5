package io.fleetstream.deploy.stack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where each part of the embedded stack runs, as the supervisor last wrote it to {@code
 * <data-dir>/run/status.json}. Outside clients read it through {@code status --json}.
 *
 * @param state starting, running, stopping, stopped or failed
 * @param step what a starting stack is doing now
 * @param pid the supervisor process (Flink runs inside it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StackStatus(
    String state,
    String step,
    long pid,
    String dataDir,
    Kafka kafka,
    Flink flink,
    Bridge bridge,
    Functions functions,
    List<String> topics,
    Instant startedAt,
    String log,
    String error) {

  /** The map the stack's job drives on; null for the embedded extract (or before the job runs). */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public java.nio.file.Path osmPath() {
    return flink == null ? null : flink.osmPath();
  }

  /** The broker: where clients connect and which process it is. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Kafka(String bootstrapServers, Long pid) {}

  /**
   * The Flink MiniCluster (or cluster) running the dispatch job.
   *
   * @param osmFile the map the job drives on; absent: the embedded Monaco extract
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Flink(
      String webUi,
      String metrics,
      String jobId,
      String jobName,
      String restoredFrom,
      String osmFile) {

    /** The map's file, null for the embedded extract. */
    public java.nio.file.Path osmPath() {
      return osmFile == null ? null : java.nio.file.Path.of(osmFile);
    }
  }

  /** The HTTP bridge: where REST clients connect and which process it is. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Bridge(String url, Long pid) {}

  /**
   * Webhook delivery: where the functions are served and the Stateful Functions runtime's process.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Functions(String url, Long runtimePid) {}

  public static final String STARTING = "starting";
  public static final String RUNNING = "running";
  public static final String STOPPING = "stopping";
  public static final String STOPPED = "stopped";
  public static final String FAILED = "failed";

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  public static Path file(Path dataDir) {
    return dataDir.resolve("run").resolve("status.json");
  }

  public static Optional<StackStatus> read(Path dataDir) {
    Path file = file(dataDir);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), StackStatus.class));
    } catch (IOException e) {
      return Optional.empty(); // half-written or foreign: treat as no status
    }
  }

  /** Written to a temporary file and moved into place, so readers never see half a status. */
  public void write(Path dataDir) {
    Path file = file(dataDir);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("status.json.tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when the status says running and its supervisor process is really alive. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isLive() {
    return (RUNNING.equals(state) || STARTING.equals(state) || STOPPING.equals(state))
        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  public StackStatus with(String newState, String newStep) {
    return new StackStatus(
        newState, newStep, pid, dataDir, kafka, flink, bridge, functions, topics, startedAt, log,
        error);
  }

  public StackStatus withKafka(Kafka k) {
    return new StackStatus(
        state, step, pid, dataDir, k, flink, bridge, functions, topics, startedAt, log, error);
  }

  public StackStatus withFlink(Flink f) {
    return new StackStatus(
        state, step, pid, dataDir, kafka, f, bridge, functions, topics, startedAt, log, error);
  }

  public StackStatus withBridge(Bridge b) {
    return new StackStatus(
        state, step, pid, dataDir, kafka, flink, b, functions, topics, startedAt, log, error);
  }

  public StackStatus withFunctions(Functions f) {
    return new StackStatus(
        state, step, pid, dataDir, kafka, flink, bridge, f, topics, startedAt, log, error);
  }

  public StackStatus withTopics(List<String> t) {
    return new StackStatus(
        state, step, pid, dataDir, kafka, flink, bridge, functions, t, startedAt, log, error);
  }

  public StackStatus failed(String message) {
    return new StackStatus(
        FAILED, step, pid, dataDir, kafka, flink, bridge, functions, topics, startedAt, log,
        message);
  }
}
