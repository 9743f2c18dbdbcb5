package io.fleetstream.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.broker.process.LocalPorts;
import io.fleetstream.deploy.CliRun;
import io.fleetstream.deploy.DocCommands;
import io.fleetstream.deploy.OutputTopics;
import io.fleetstream.schemas.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatch job on a real Flink cluster, as an operator runs it: {@code cluster up} starts a
 * JobManager and two TaskManager processes (and a broker), {@code submit} uploads the job's jar
 * through Flink's REST API at parallelism 2. Mid-stream one TaskManager is killed with {@code kill
 * -9}; the job restarts on the survivor's spare slots from its last checkpoint. Afterwards no
 * output event is committed twice, every job is decided, and the planner still knows its drivers
 * and jobs: two drivers who may hold eight jobs each take exactly sixteen of twenty jobs, the four
 * left wait for room ({@code MAX_STOPS}). The time from the kill to the first committed decision
 * about a job written after it is printed (docs/benchmarks.md).
 */
class FlinkClusterITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "cluster-test";
  private static final String ZONE = "z1";
  private static final int DRIVERS = 3;
  private static final int MAX_JOBS_EACH = 4;

  @TempDir Path dataDir;
  private final List<String> jobs = new ArrayList<>();
  private final List<List<String>> ran = new ArrayList<>();

  @AfterEach
  void down() throws Exception {
    fleetstream("cluster", "down");
    // The cluster's logs outlive the temporary directory, for whoever reads a failure.
    Path logs = FlinkCluster.clusterDir(dataDir).resolve("log");
    Path kept = Files.createDirectories(Path.of("target", "cluster-logs"));
    if (Files.isDirectory(logs)) {
      try (var files = Files.list(logs)) {
        for (Path f : files.toList()) {
          if (f.getFileName().toString().matches(".*\\.(log|out)$")) {
            Files.copy(f, kept.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }

  @Test
  void theJobRunsOnTwoTaskManagersAndSurvivesKillMinus9OfOne() throws Exception {
    int port = LocalPorts.freeBlock(6);
    CliRun up =
        fleetstream(
            "cluster",
            "up",
            "--taskmanagers",
            "2",
            "--slots",
            "2",
            "--port",
            Integer.toString(port));
    assertThat(up.code()).as(up.err()).isZero();
    assertThat(up.out()).contains("http://127.0.0.1:" + (port + 1), "127.0.0.1:" + port);
    ClusterStatus cluster = FlinkCluster.running(dataDir).orElseThrow();
    assertThat(cluster.taskManagerPids()).hasSize(2);
    assertThat(fleetstream("cluster", "up").out()).contains("already running");

    CliRun submitted = fleetstream("submit", "--parallelism", "2");
    assertThat(submitted.code()).as(submitted.out() + submitted.err()).isZero();
    assertThat(submitted.out())
        .contains("resuming from: nothing (a first start)", "The dispatch job runs as job");
    assertThat(fleetstream("submit").err())
        .as("a second dispatch job on the same topics is refused")
        .contains("already runs");
    JsonNode taskManagers = get(cluster.restUrl() + "/taskmanagers").path("taskmanagers");
    assertThat(taskManagers).hasSize(2);
    assertThat(taskManagers.findValues("slotsNumber").stream().mapToInt(JsonNode::asInt).sum())
        .isEqualTo(4);

    String bootstrap = cluster.bootstrapServers();
    assertThat(bootstrap).isEqualTo("127.0.0.1:" + port);
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      for (int d = 0; d < DRIVERS; d++) {
        send(producer, Topic.DRIVERS, "drv_" + d, driver(d));
      }
      writeJobs(producer, 8);
      awaitDecided(bootstrap, Duration.ofSeconds(120));
      awaitCompletedCheckpoint(cluster.restUrl());

      long victim = cluster.taskManagerPids().get(0);
      Instant killed = Instant.now();
      kill(victim);
      List<String> afterKill = writeJobs(producer, 8);
      Instant firstDecisionAfterKill = awaitFirstDecision(bootstrap, afterKill);
      Duration recovery = Duration.between(killed, firstDecisionAfterKill);
      System.out.printf(
          "kill -9 of a TaskManager -> first committed decision about a job written after it: %.1f s%n",
          recovery.toMillis() / 1000.0);
      Files.writeString(
          Path.of("target", "cluster-recovery.txt"),
          "kill_to_first_committed_output_ms=" + recovery.toMillis() + "\n");

      CliRun status = fleetstream("cluster", "status");
      assertThat(status.code()).isZero();
      assertThat(status.out()).contains(victim + " (gone)");

      Map<String, JsonNode> decisions = awaitDecided(bootstrap, Duration.ofSeconds(120));
      Map<String, Long> perDriver =
          decisions.values().stream()
              .filter(d -> d.hasNonNull("driver_id"))
              .collect(
                  Collectors.groupingBy(d -> d.path("driver_id").asText(), Collectors.counting()));
      assertThat(perDriver.values())
          .as("no driver holds more than allowed: the planner remembers its jobs")
          .allMatch(n -> n <= MAX_JOBS_EACH);
      assertThat(perDriver.values().stream().mapToLong(Long::longValue).sum())
          .as(
              "the planner remembers its drivers: every place in their routes is taken; decisions: %s",
              decisions)
          .isEqualTo(DRIVERS * MAX_JOBS_EACH);
      assertThat(decisions.values().stream().filter(d -> !d.hasNonNull("driver_id")))
          .as("the jobs left over wait for room")
          .allMatch(d -> d.path("unassigned_reason").asText().equals("MAX_STOPS"));
      // An upgrade: a new jar (here the same) from a savepoint, rescaled from 2 to 1.
      CliRun upgraded = fleetstream("upgrade", "--parallelism", "1");
      assertThat(upgraded.code()).as(upgraded.out() + upgraded.err()).isZero();
      assertThat(upgraded.out())
          .contains("with a savepoint ... done")
          .containsPattern("restored from\\s+savepoint ");
      List<String> afterUpgrade = writeJobs(producer, 1);
      assertThat(
              awaitDecided(bootstrap, Duration.ofSeconds(120))
                  .get(afterUpgrade.get(0))
                  .path("unassigned_reason")
                  .asText())
          .as("after the upgrade the routes are still full")
          .isEqualTo("MAX_STOPS");
    }
    Map<String, Integer> seen = OutputTopics.eventIdsOnEveryTopic(bootstrap);
    assertThat(seen).isNotEmpty();
    assertThat(seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
        .as("output events committed twice")
        .isEmpty();

    // An orderly stop keeps the state: down takes a savepoint, the next submit resumes from it,
    // and a new job still finds every driver's route full.
    CliRun down = fleetstream("cluster", "down");
    assertThat(down.out())
        .contains("stopping the dispatch job with a savepoint ... done", "Cluster stopped.");
    for (long pid : cluster.pidsInStopOrder()) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("process %d after cluster down", pid)
          .isFalse();
    }
    assertThat(fleetstream("cluster", "up", "--taskmanagers", "2", "--slots", "2").code()).isZero();
    ClusterStatus again = FlinkCluster.running(dataDir).orElseThrow();
    bootstrap = again.bootstrapServers();
    // As for a cluster someone else runs: every address and directory named.
    Path clusterDir = FlinkCluster.clusterDir(dataDir);
    CliRun resumed =
        fleetstream(
            "submit",
            "--cluster",
            again.restUrl(),
            "--kafka",
            bootstrap,
            "--state-dir",
            clusterDir.toString(),
            "--road-data-dir",
            clusterDir.resolve("graph").toString(),
            "--partitions",
            "4",
            "--replication-factor",
            "1",
            "--parallelism",
            "2");
    assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out()).containsPattern("restored from\\s+savepoint ");
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      String last = writeJobs(producer, 1).get(0);
      assertThat(
              awaitDecided(bootstrap, Duration.ofSeconds(120))
                  .get(last)
                  .path("unassigned_reason")
                  .asText())
          .as("a job after the restart still finds every driver's route full")
          .isEqualTo("MAX_STOPS");
    }
    // Every cluster and submit command docs/operations.md shows is one of those above.
    DocCommands.assertEachRan(
        DocCommands.of(
            "operations.md", v -> v.get(0).equals("cluster") || v.get(0).equals("submit")),
        ran);
  }

  private List<String> writeJobs(KafkaProducer<String, byte[]> producer, int count) {
    List<String> written = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "job_" + jobs.size();
      send(producer, Topic.JOBS, id, job(id, jobs.size()));
      jobs.add(id);
      written.add(id);
    }
    producer.flush();
    return written;
  }

  /** A driver on Monaco's roads (as the crash-recovery test places them). */
  private static byte[] driver(int d) {
    return String.format(
            java.util.Locale.ROOT,
            "{\"specversion\":\"1.0\",\"id\":\"d%d\",\"source\":\"/cluster-test\","
                + "\"type\":\"io.fleetstream.driver.created.v1\",\"time\":\"%s\","
                + "\"datacontenttype\":\"application/json\",\"tenant\":\"%s\","
                + "\"partitionkey\":\"drv_%d\",\"data\":{\"driver_id\":\"drv_%d\","
                + "\"start_location\":{\"lat\":%.4f,\"lng\":7.4200},"
                + "\"max_concurrent_jobs\":%d,\"zone\":\"%s\"}}",
            d,
            Instant.now(),
            TENANT,
            d,
            d,
            43.7300 + d * 0.004,
            MAX_JOBS_EACH,
            ZONE)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A job at one of forty places on Monaco's roads (the ones the crash-recovery test uses). */
  private static byte[] job(String id, int n) {
    return String.format(
            java.util.Locale.ROOT,
            "{\"specversion\":\"1.0\",\"id\":\"e_%s\",\"source\":\"/cluster-test\","
                + "\"type\":\"io.fleetstream.job.created.v1\",\"time\":\"%s\","
                + "\"datacontenttype\":\"application/json\",\"tenant\":\"%s\","
                + "\"partitionkey\":\"%s\",\"data\":{\"job_id\":\"%s\","
                + "\"location\":{\"lat\":%.4f,\"lng\":%.4f},\"service_minutes\":15,"
                + "\"zone\":\"%s\"}}",
            id,
            Instant.now(),
            TENANT,
            id,
            id,
            43.7280 + (n % 8) * 0.002,
            7.4150 + (n % 5) * 0.003,
            ZONE)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, Topic topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic.topicName(), key, value));
  }

  /** The latest decision of every job written so far, once each has one. */
  private Map<String, JsonNode> awaitDecided(String bootstrap, Duration within) {
    return OutputTopics.awaitDecisions(bootstrap, jobs, within);
  }

  /** When the first committed decision about one of {@code wanted} was read. */
  private static Instant awaitFirstDecision(String bootstrap, List<String> wanted) {
    Instant[] seen = new Instant[1];
    try (KafkaConsumer<String, String> consumer = OutputTopics.consumer(bootstrap)) {
      List<TopicPartition> partitions =
          OutputTopics.partitions(consumer, Topic.ASSIGNMENTS.topicName());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Awaitility.await("a decision about a job written after the kill")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                  if (wanted.contains(
                      JSON.readTree(r.value()).path("data").path("job_id").asText())) {
                    seen[0] = Instant.now();
                  }
                }
                return seen[0] != null;
              });
    }
    return seen[0];
  }

  private static void awaitCompletedCheckpoint(String restUrl) {
    String jobId = get(restUrl + "/jobs/overview").path("jobs").get(0).path("jid").asText();
    Awaitility.await("a completed checkpoint")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                get(restUrl + "/jobs/" + jobId + "/checkpoints")
                        .path("counts")
                        .path("completed")
                        .asInt()
                    > 0);
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private static JsonNode get(String url) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException("GET " + url, e);
    }
  }

  private static void kill(long pid) {
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroyForcibly(); // SIGKILL: no shutdown hook
    process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
  }

  private CliRun fleetstream(String... args) {
    CliRun run = CliRun.fleetstream(dataDir, args);
    ran.add(List.of(args));
    return run;
  }
}
