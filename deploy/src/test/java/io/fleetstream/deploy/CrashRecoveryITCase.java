package io.fleetstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.deploy.reliability.ReliabilityReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The stack survives {@code kill -9} of each of its processes, mid-stream, as a user's fleet would
 * meet it: the supervisor (Flink and the dispatch job die with it; {@code up} resumes from the last
 * completed checkpoint), the Kafka broker and the HTTP bridge (the supervisor starts them again).
 * Afterwards no output event is there twice, every job accepted before a crash is decided, and the
 * planner still knows every driver and every job it had: three drivers who may hold four jobs each
 * take exactly twelve of the sixteen jobs, and the four left wait for room ({@code MAX_STOPS}). A
 * planner that forgot its jobs would hand out more than four per driver; one that forgot its
 * drivers would leave the later jobs waiting with {@code NO_DRIVER}.
 */
@ResourceLock(CrashRecoveryITCase.NO_OTHER_STACK)
class CrashRecoveryITCase {

  /**
   * No other stack runs beside this test (the build runs {@code OnlineBenchITCase} beside the
   * others). Why: a single Kafka broker killed with {@code kill -9} while a transaction is being
   * committed can, on restart, complete the commit without writing its markers to the transaction's
   * partitions ("hanging" transaction: the partitions' last stable offset stays behind it and
   * read_committed readers stall). It is Kafka's, not the job's: plain transactional producers get
   * it too (2026-12-07: 4 of 8 runs of 12 kills each on a loaded machine, transactions v1 and v2
   * alike). With a second stack competing for the two cores it hit this test in 1 of 9 runs and in
   * half of the CI runs of the day; alone, in none of 24. The stack now closes such transactions
   * itself ({@code TransactionJanitor}, within about 45 s, inside this test's wait); the lock stays
   * until this test has been seen passing through one. On a timeout the test still reports every
   * open transaction and what the coordinator says of it.
   */
  static final String NO_OTHER_STACK = "a machine without another Fleetstream stack";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DRIVERS = 3;
  private static final int MAX_JOBS_EACH = 4;
  private static final Duration DECIDED_WITHIN = Duration.ofSeconds(120);

  @TempDir Path dataDir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> acceptedJobs = new ArrayList<>();
  private String apiKey;
  private final List<ReliabilityReport.Row> figures = new ArrayList<>();
  private int jobsWritten;

  @AfterEach
  void down() throws java.io.IOException {
    fleetstream("down");
    new StackDiagnosis(dataDir, getClass()).keepLogs();
  }

  @Test
  void killMinus9OfSupervisorBrokerAndBridgeLosesAndDuplicatesNothing() throws Exception {
    CliRun up = fleetstream("up", "--rehearsal", "off");
    assertThat(up.code()).as(up.err()).isZero();
    JsonNode status = status();
    String bootstrap = status.path("kafka").path("bootstrap_servers").asText();

    apiKey =
        post(
                "/api/v1/agent_signup",
                "{\"agent_id\": \"crash-test\", \"contact\": \"ops@example.com\", \"sandbox\": true}",
                null)
            .path("api_key")
            .asText();
    List<String> drivers = new ArrayList<>();
    for (int i = 0; i < DRIVERS; i++) {
      drivers.add(
          post(
                  "/api/v1/drivers",
                  String.format(
                      "{\"name\": \"Driver %d\", \"start_lat\": %.4f, \"start_lng\": 7.4200, \"max_concurrent_jobs\": %d}",
                      i, 43.7300 + i * 0.004, MAX_JOBS_EACH),
                  apiKey)
              .path("id")
              .asText());
    }
    writeJobs(4);
    awaitDecided(bootstrap);

    // 1. The supervisor, with Flink and the dispatch job in it, killed right after a burst of
    // writes.
    writeJobs(3);
    kill(status.path("pid").asLong());
    CliRun again = fleetstream("up", "--rehearsal", "off");
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out())
        .as("up says what it resumed from")
        .containsPattern("restored from\\s+checkpoint ");
    status = status();
    bootstrap = status.path("kafka").path("bootstrap_servers").asText();

    // 2. The broker alone: the supervisor starts it again and the job reconnects.
    writeJobs(3);
    long brokerPid = status.path("kafka").path("pid").asLong();
    kill(brokerPid);
    status = awaitRestarted("kafka", brokerPid);

    // 3. The bridge alone: the supervisor starts it again on the same port with the same accounts.
    writeJobs(3);
    long bridgePid = status.path("bridge").path("pid").asLong();
    kill(bridgePid);
    status = awaitRestarted("bridge", bridgePid);
    assertThat(fleetstream("up", "--rehearsal", "off").out())
        .as("up on a healed stack")
        .contains("already running");

    // 4. After every crash: decided against the drivers created before the first one.
    writeJobs(3);
    assertThat(acceptedJobs).hasSize(jobsWritten);
    Map<String, JsonNode> decisions =
        awaitDecided(status.path("kafka").path("bootstrap_servers").asText());

    record(
        new ReliabilityReport.Row(
            "crash",
            "jobs accepted around kill -9 of supervisor, broker, bridge: decided",
            acceptedJobs.size(),
            "jobs",
            acceptedJobs.stream().filter(j -> !decisions.containsKey(j)).count(),
            "lost"));
    Map<String, Long> perDriver =
        decisions.values().stream()
            .filter(d -> d.hasNonNull("driver_id"))
            .collect(
                Collectors.groupingBy(d -> d.path("driver_id").asText(), Collectors.counting()));
    assertThat(perDriver.keySet())
        .as("every assignment goes to a driver created before the crashes")
        .isSubsetOf(Set.copyOf(drivers));
    assertThat(perDriver.values())
        .as("no driver holds more than allowed: the planner remembers its jobs")
        .allMatch(n -> n <= MAX_JOBS_EACH);
    assertThat(perDriver.values().stream().mapToLong(Long::longValue).sum())
        .as("the planner remembers its drivers: every place in their routes is taken")
        .isEqualTo(DRIVERS * MAX_JOBS_EACH);
    assertThat(decisions.values().stream().filter(d -> !d.hasNonNull("driver_id")))
        .as("the jobs left over wait for room")
        .allMatch(d -> d.path("unassigned_reason").asText().equals("MAX_STOPS"));

    Map<String, Integer> seen =
        OutputTopics.eventIdsOnEveryTopic(status.path("kafka").path("bootstrap_servers").asText());
    record(
        new ReliabilityReport.Row(
            "crash",
            "events on every topic after the kills (read_committed)",
            seen.size(),
            "events",
            seen.values().stream().filter(n -> n > 1).count(),
            "duplicated"));
    assertThat(seen).isNotEmpty();
    assertThat(
            seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
        .as("output events committed twice")
        .isEmpty();

    // 5. Every snapshot gone (deleted by hand): the job reads its input topics again instead of
    // starting empty at its committed offsets, so the drivers' routes are still full.
    assertThat(fleetstream("down").code()).isZero();
    deleteTree(dataDir.resolve("checkpoints"));
    deleteTree(dataDir.resolve("savepoints"));
    CliRun rebuilt = fleetstream("up", "--rehearsal", "off");
    assertThat(rebuilt.code()).as(rebuilt.err()).isZero();
    assertThat(rebuilt.out()).contains("restored from    the input topics");
    writeJobs(1);
    Map<String, JsonNode> afterRebuild =
        awaitDecided(status().path("kafka").path("bootstrap_servers").asText());
    String reason =
        afterRebuild
            .get(acceptedJobs.get(acceptedJobs.size() - 1))
            .path("unassigned_reason")
            .asText();
    record(
        new ReliabilityReport.Row(
            "crash",
            "every snapshot deleted: drivers and jobs rebuilt from the log",
            DRIVERS,
            "drivers",
            reason.equals("MAX_STOPS") ? 0 : DRIVERS,
            "forgotten"));
    assertThat(reason)
        .as("a job after the rebuild still finds every driver's route full")
        .isEqualTo("MAX_STOPS");
  }

  /** Figures for {@code bin/fleetstream verify-reliability}, written as they are measured. */
  private void record(ReliabilityReport.Row row) {
    figures.add(row);
    ReliabilityReport.writeFigures(Path.of("target"), "crash-recovery", figures);
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var files = java.nio.file.Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    }
  }

  private void writeJobs(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      int n = jobsWritten++;
      JsonNode job =
          post(
              "/api/v1/jobs",
              String.format(
                  "{\"external_id\": \"crash-%d\", \"dropoff_lat\": %.4f, \"dropoff_lng\": %.4f, \"service_minutes\": 15}",
                  n, 43.7280 + (n % 8) * 0.002, 7.4150 + (n % 5) * 0.003),
              apiKey);
      acceptedJobs.add(job.path("id").asText());
    }
  }

  /**
   * The latest decision of every accepted job, once each has one; on a timeout the failure says
   * what {@link StackDiagnosis} finds.
   */
  private Map<String, JsonNode> awaitDecided(String bootstrap) {
    try {
      return OutputTopics.awaitDecisions(bootstrap, acceptedJobs, DECIDED_WITHIN);
    } catch (AssertionError e) {
      throw new StackDiagnosis(dataDir, getClass()).explain(e);
    }
  }

  /**
   * Waits until the supervisor runs a new process for {@code part} and the stack is whole again.
   */
  private JsonNode awaitRestarted(String part, long oldPid) {
    JsonNode[] current = new JsonNode[1];
    Awaitility.await(part + " started again")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              current[0] = status();
              long pid = current[0].path(part).path("pid").asLong();
              JsonNode step = current[0].path("step");
              return pid != oldPid
                  && current[0].path("state").asText().equals("running")
                  && (step.isMissingNode() || step.isNull());
            });
    return current[0];
  }

  private static void kill(long pid) throws InterruptedException {
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroyForcibly(); // SIGKILL: no shutdown hook, no savepoint
    process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /**
   * POSTs and returns the answer's body; retries (same Idempotency-Key) while the bridge or Kafka
   * is coming back.
   */
  private JsonNode post(String path, String body, String key) {
    String idempotencyKey = "crash-" + System.nanoTime();
    JsonNode[] answer = new JsonNode[1];
    Awaitility.await("POST " + path)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .ignoreException(java.io.IOException.class)
        .until(() -> (answer[0] = tryPost(path, body, key, idempotencyKey)) != null);
    return answer[0];
  }

  /** The answer's body, or null on a 503 (Kafka coming back); any other status fails the test. */
  private JsonNode tryPost(String path, String body, String key, String idempotencyKey)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(status().path("bridge").path("url").asText() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 201 || response.statusCode() == 200) {
      return JSON.readTree(response.body());
    }
    if (response.statusCode() == 503) {
      return null;
    }
    throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
  }

  private JsonNode status() throws Exception {
    return JSON.readTree(fleetstream("status", "--json").out());
  }

  private CliRun fleetstream(String... args) {
    return CliRun.fleetstream(dataDir, args);
  }
}
