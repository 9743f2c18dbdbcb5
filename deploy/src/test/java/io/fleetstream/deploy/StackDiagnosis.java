package io.fleetstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a test of a local stack ({@code bin/fleetstream --data-dir DIR}) keeps and says so that a
 * failed run can be diagnosed afterwards (a run once failed and nothing said why): the stack's logs
 * and the broker's log, kept under {@code target/it-logs/TEST} where a CI run leaves them, and,
 * when the test times out, the broker's transaction logs, the Flink jobs' checkpoints and the
 * machine's other Java processes.
 */
final class StackDiagnosis {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dataDir;
  private final Path kept;

  /** For the stack in {@code dataDir}; what is kept goes to {@code target/it-logs/TEST}. */
  StackDiagnosis(Path dataDir, Class<?> test) {
    this.dataDir = dataDir;
    this.kept = Path.of("target", "it-logs", test.getSimpleName());
  }

  /**
   * Copies the stack's logs and the broker's log out of the data directory, which goes with the
   * test; does nothing if the stack left no logs.
   */
  void keepLogs() throws IOException {
    Path logs = dataDir.resolve("logs");
    if (Files.isDirectory(logs)) {
      Files.createDirectories(kept);
      try (var files = Files.list(logs)) {
        for (Path log : files.toList()) {
          Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Path brokerLog = dataDir.resolve("kafka").resolve("broker.log");
      if (Files.isRegularFile(brokerLog)) {
        Files.copy(brokerLog, kept.resolve("broker.log"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * For a wait that timed out: keeps the transaction logs ({@link #keepTransactionLogs}) and
   * returns {@code timeout} with the Flink jobs' states and the machine's Java processes added to
   * its message, for the test to throw.
   */
  AssertionError explain(AssertionError timeout) {
    keepTransactionLogs();
    return new AssertionError(
        timeout.getMessage() + "; flink: " + flinkJobs() + "; java processes: " + javaProcesses(),
        timeout);
  }

  /**
   * Copies the broker's transaction-state log and the assignments topic's partitions next to the
   * stack's logs, for {@code kafka-dump-log} after a failed run: they say which partitions the
   * coordinator had in each transaction and where each producer's records are.
   */
  private void keepTransactionLogs() {
    Path logs = dataDir.resolve("kafka").resolve("kafka-logs");
    Path keptLogs = kept.resolve("kafka-logs");
    try (var dirs = Files.list(logs)) {
      for (Path dir : dirs.toList()) {
        String name = dir.getFileName().toString();
        if (!name.startsWith("__transaction_state")
            && !name.startsWith("fleetstream.assignments")) {
          continue;
        }
        Path to = Files.createDirectories(keptLogs.resolve(name));
        try (var files = Files.list(dir)) {
          for (Path file : files.toList()) {
            Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException notKept) {
      System.err.println("transaction logs not kept: " + notKept);
    }
  }

  /**
   * The Flink jobs' states as the stack's REST API reports them, with their checkpoints (counts,
   * the latest completed, the two newest attempts), for a failure's message: outputs are only
   * visible once a checkpoint commits them.
   */
  private String flinkJobs() {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String ui =
          JSON.readTree(CliRun.fleetstream(dataDir, "status", "--json").out())
              .path("flink")
              .path("web_ui")
              .asText();
      JsonNode overview = JSON.readTree(get(http, ui + "/jobs/overview"));
      StringBuilder out = new StringBuilder(overview.toString());
      for (JsonNode job : overview.path("jobs")) {
        JsonNode checkpoints =
            JSON.readTree(get(http, ui + "/jobs/" + job.path("jid").asText() + "/checkpoints"));
        out.append("; checkpoints: ")
            .append(checkpoints.path("counts"))
            .append(", latest completed ")
            .append(checkpoints.path("latest").path("completed").path("id"))
            .append(" at ")
            .append(checkpoints.path("latest").path("completed").path("latest_ack_timestamp"))
            .append(" (now ")
            .append(System.currentTimeMillis())
            .append("), newest attempts ");
        int shown = 0;
        for (JsonNode attempt : checkpoints.path("history")) {
          if (shown++ == 2) {
            break;
          }
          out.append(attempt.path("id"))
              .append(' ')
              .append(attempt.path("status"))
              .append(" triggered ")
              .append(attempt.path("trigger_timestamp"))
              .append(" acks ")
              .append(attempt.path("num_acknowledged_subtasks"))
              .append('/')
              .append(attempt.path("num_subtasks"))
              .append(' ');
        }
      }
      return out.toString();
    } catch (Exception unreachable) {
      return "unreachable (" + unreachable + ")";
    }
  }

  /**
   * Every Java process on the machine but this one, started when and running what: a process left
   * over from an earlier test that still talks to a broker on the stack's port would write into
   * this test's topics.
   */
  private static String javaProcesses() {
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .map(
            p ->
                Map.entry(
                    p,
                    p.info()
                        .commandLine()
                        .orElse("")
                        .replaceAll("-cp \\S+|-classpath \\S+", "-cp …")))
        .filter(e -> e.getValue().contains("java"))
        .map(
            e ->
                e.getKey().pid()
                    + " since "
                    + e.getKey().info().startInstant().map(Object::toString).orElse("?")
                    + " "
                    + e.getValue().substring(0, Math.min(400, e.getValue().length())))
        .collect(Collectors.joining(" | "));
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
