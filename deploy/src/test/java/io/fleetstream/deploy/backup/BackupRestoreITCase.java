package io.fleetstream.deploy.backup;

import static io.fleetstream.deploy.CliRun.fleetstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.broker.process.LocalPorts;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.connectors.outbound.WebhookSignatures;
import io.fleetstream.deploy.CliRun;
import io.fleetstream.deploy.DocCommands;
import io.fleetstream.deploy.bridge.EmbeddedBridge;
import io.fleetstream.deploy.bridge.SandboxSignup;
import io.fleetstream.deploy.synthetic.SyntheticEvents;
import io.fleetstream.schemas.Topic;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup} and {@code restore} between two real brokers: a tenant's records on several topics
 * go into a file and back into a fresh cluster byte for byte (keys, values, timestamps, headers,
 * each key's order), another tenant's and uncommitted records stay behind, and a restore that would
 * double the tenant, or a cut-off file, is refused.
 */
class BackupRestoreITCase {

  @RegisterExtension static final KafkaBrokerExtension SOURCE = new KafkaBrokerExtension();
  @RegisterExtension static final KafkaBrokerExtension TARGET = new KafkaBrokerExtension();

  private static final long T0 = 1_796_000_000_000L;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final List<List<String>> ran = new ArrayList<>();

  @Test
  void aTenantGoesToAFileAndBackIntoAFreshClusterAsItWas() throws Exception {
    topics(SOURCE.bootstrapServers(), 3);
    topics(TARGET.bootstrapServers(), 2); // another partition count: each key's order still holds
    try (KafkaProducer<String, byte[]> p = transactional(SOURCE.bootstrapServers())) {
      p.initTransactions();
      p.beginTransaction();
      for (int i = 0; i < 30; i++) {
        for (String tenant : List.of("acct_a", "acct_b")) {
          send(
              p,
              Topic.TELEMETRY,
              tenant + "/drv_" + (i % 4),
              SyntheticEvents.ping(tenant, i % 4, T0 + i));
        }
      }
      send(p, Topic.JOBS, "acct_a/job_1", SyntheticEvents.job("acct_a", "job_1", "z1", T0));
      send(p, Topic.DRIVERS, "acct_a/drv_1", SyntheticEvents.driver("acct_a", 1, "z1"));
      RecordHeaders headers = new RecordHeaders();
      headers.add("origin", "bridge".getBytes(StandardCharsets.UTF_8));
      p.send(
          new ProducerRecord<>(
              Topic.DLQ.topicName(), null, T0 + 5, "acct_a/broken", new byte[] {1, 2, 3}, headers));
      p.commitTransaction();
      p.beginTransaction(); // never committed: no reader sees it, nor does the backup
      send(p, Topic.JOBS, "acct_a/job_aborted", SyntheticEvents.job("acct_a", "job_x", "z1", T0));
      p.flush();
      p.abortTransaction();
    }

    Path file = dir.resolve("acct_a.backup.gz");
    CliRun backup =
        run(
            "backup",
            "--tenant",
            "acct_a",
            "--out",
            file.toString(),
            "--kafka",
            SOURCE.bootstrapServers(),
            "--no-bridge");
    assertThat(backup.code()).as(backup.err()).isZero();
    assertThat(backup.out()).contains("33 records of acct_a written");

    CliRun restore = run("restore", "--in", file.toString(), "--kafka", TARGET.bootstrapServers());
    assertThat(restore.code()).as(restore.err()).isZero();
    assertThat(restore.out())
        .contains("33 records of acct_a restored")
        .contains("holds no bridge records")
        .contains("must exist on the target");

    Path again = dir.resolve("again.backup.gz");
    assertThat(
            run(
                    "backup",
                    "--tenant",
                    "acct_a",
                    "--out",
                    again.toString(),
                    "--kafka",
                    TARGET.bootstrapServers(),
                    "--no-bridge")
                .code())
        .isZero();
    List<String> before = records(file);
    assertThat(before)
        .hasSize(33)
        .noneMatch(r -> r.contains("acct_b"))
        .noneMatch(r -> r.contains("job_aborted"));
    assertThat(before)
        .anyMatch(
            r ->
                r.contains("\"origin\"")
                    && r.contains(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})));
    assertThat(sortedLines(records(again))).isEqualTo(sortedLines(before));
    // each driver's pings in their original order
    assertThat(keyOrder(records(again), "acct_a/drv_1"))
        .isEqualTo(keyOrder(before, "acct_a/drv_1"))
        .isSorted();

    CliRun twice = run("restore", "--in", file.toString(), "--kafka", TARGET.bootstrapServers());
    assertThat(twice.code()).isEqualTo(1);
    assertThat(twice.err()).contains("already holds records of tenant acct_a");

    Path cut = dir.resolve("cut.backup.gz");
    List<String> lines = lines(file);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(cut))) {
      out.write(
          String.join("\n", lines.subList(0, lines.size() - 1)).getBytes(StandardCharsets.UTF_8));
    }
    CliRun cutOff = run("restore", "--in", cut.toString(), "--kafka", TARGET.bootstrapServers());
    assertThat(cutOff.code()).isEqualTo(1);
    assertThat(cutOff.err()).contains("cut off");

    Path tampered = dir.resolve("tampered.backup.gz");
    String foreign = lines.get(1).replace("\"key\":\"acct_a/", "\"key\":\"acct_b/");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tampered))) {
      out.write(
          String.join("\n", lines.get(0), foreign, lines.get(lines.size() - 1))
              .getBytes(StandardCharsets.UTF_8));
    }
    CliRun other =
        run("restore", "--in", tampered.toString(), "--kafka", TARGET.bootstrapServers());
    assertThat(other.code()).isEqualTo(1);
    assertThat(other.err()).contains("line 2: key is not one of tenant acct_a");

    CliRun badTenant =
        run(
            "backup",
            "--tenant",
            "Acct A",
            "--out",
            file.toString(),
            "--kafka",
            SOURCE.bootstrapServers(),
            "--no-bridge");
    assertThat(badTenant.code()).isEqualTo(2);
    assertThat(badTenant.err()).contains("--tenant");

    CliRun noBridge =
        run(
            "backup",
            "--tenant",
            "acct_a",
            "--out",
            file.toString(),
            "--kafka",
            SOURCE.bootstrapServers());
    assertThat(noBridge.code())
        .as("a remote Kafka without a bridge named is a choice to make")
        .isEqualTo(2);
    assertThat(noBridge.err()).contains("--bridge-url").contains("--no-bridge");
  }

  /**
   * With a bridge on each side: the account (balance, keys), an idempotency record and the tenant's
   * events go from one installation to the other; its key works there, a retried request is
   * replayed, the driver it created is served by the new bridge, and the account cannot be restored
   * twice.
   */
  @Test
  void anAccountWithItsBridgeStateMovesToAnotherInstallation() throws Exception {
    topics(SOURCE.bootstrapServers(), 3);
    topics(TARGET.bootstrapServers(), 2);
    HttpClient http = HttpClient.newHttpClient();
    try (EmbeddedBridge from = bridge("from", SOURCE.bootstrapServers());
        EmbeddedBridge to = bridge("to", TARGET.bootstrapServers());
        Receiver receiver = new Receiver()) {
      SandboxSignup account = SandboxSignup.of(http, from.url(), "backup-agent");
      String tenant = account.accountId();
      HttpResponse<String> created = createDriver(http, from.url(), account.key());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String driverId = JSON.readTree(created.body()).path("id").asText();
      String balance =
          get(http, from.url() + "/api/v1/account", account.key()).path("balance_usd").toString();
      HttpResponse<String> endpoint =
          post(
              http,
              from.url() + "/api/v1/webhook_endpoints",
              account.key(),
              "{\"url\": \"" + receiver.url() + "\", \"events\": [\"job.assigned\"]}");
      assertThat(endpoint.statusCode()).as(endpoint.body()).isEqualTo(201);
      String endpointId = JSON.readTree(endpoint.body()).path("id").asText();
      String secret = JSON.readTree(endpoint.body()).path("secret").asText();

      Path file = dir.resolve("moved.backup.gz");
      CliRun backup =
          run(
              "backup",
              "--tenant",
              tenant,
              "--out",
              file.toString(),
              "--kafka",
              SOURCE.bootstrapServers(),
              "--bridge-url",
              from.url(),
              "--operator-key-file",
              dir.resolve("from/operator.key").toString());
      assertThat(backup.code()).as(backup.err()).isZero();
      assertThat(backup.out()).containsPattern("with [1-9]\\d* of the bridge's");

      CliRun restore = restoreWithBridge(file, to);
      assertThat(restore.code()).as(restore.err()).isZero();

      assertThat(
              get(http, to.url() + "/api/v1/account", account.key()).path("balance_usd").toString())
          .as("the key that worked on the old bridge works on the new one, on the same balance")
          .isEqualTo(balance);
      HttpResponse<String> retried = createDriver(http, to.url(), account.key());
      assertThat(retried.statusCode()).isEqualTo(201);
      assertThat(retried.headers().firstValue("Idempotent-Replayed"))
          .as("a retry that reaches the new bridge is replayed, not a second driver")
          .contains("true");
      assertThat(JSON.readTree(retried.body()).path("id").asText()).isEqualTo(driverId);
      await("the new bridge serves the driver from the restored topic")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  send(http, to.url() + "/api/v1/drivers/" + driverId, account.key()).statusCode(),
              status -> status == 200);

      // The endpoint came with the topic, its secret sealed again for the new installation: the
      // new bridge signs a test delivery with the very secret the account was given.
      JsonNode delivery =
          await("the new bridge knows the endpoint")
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(250))
              .until(
                  () -> {
                    HttpResponse<String> tested =
                        post(
                            http,
                            to.url() + "/api/v1/webhook_endpoints/" + endpointId + "/test",
                            account.key(),
                            "{}");
                    return tested.statusCode() == 200 ? JSON.readTree(tested.body()) : null;
                  },
                  java.util.Objects::nonNull);
      assertThat(delivery.path("delivered").asBoolean()).as(delivery.toString()).isTrue();
      Received got = receiver.last();
      assertThat(got.headers().get("webhook-signature"))
          .as("signed with the secret the account holds")
          .isEqualTo(
              WebhookSignatures.headers(
                      got.headers().get("X-OwnRoute-Event"),
                      got.headers().get("webhook-id"),
                      Long.parseLong(got.headers().get("webhook-timestamp")),
                      got.body(),
                      List.of(secret))
                  .get("webhook-signature"));

      CliRun twice = restoreWithBridge(file, to);
      assertThat(twice.code()).isEqualTo(1);

      CliRun topicsOnly =
          run("restore", "--in", file.toString(), "--kafka", SOURCE.bootstrapServers());
      assertThat(topicsOnly.code()).isEqualTo(1);
      assertThat(topicsOnly.err())
          .as("bridge records in the file are never dropped silently")
          .contains("--no-bridge");
    }
    DocCommands.assertEachRan(
        DocCommands.of(
            "operations.md", v -> v.equals(List.of("backup")) || v.equals(List.of("restore"))),
        ran);
  }

  /**
   * The documented restore into the target cluster and its bridge (of data dir "to"), webhook
   * secrets sealed again from the source installation's key to the target's.
   */
  private CliRun restoreWithBridge(Path file, EmbeddedBridge to) {
    return run(
        "restore",
        "--in",
        file.toString(),
        "--kafka",
        TARGET.bootstrapServers(),
        "--bridge-url",
        to.url(),
        "--operator-key-file",
        dir.resolve("to/operator.key").toString(),
        "--source-seal-key",
        dir.resolve("from/webhook-seal.key").toString(),
        "--seal-key-file",
        dir.resolve("to/webhook-seal.key").toString());
  }

  private EmbeddedBridge bridge(String name, String bootstrap) {
    return EmbeddedBridge.start(
        dir.resolve(name),
        bootstrap,
        LocalPorts.freePort(),
        dir.resolve(name + "-logs"),
        Map.of("webhooks.allow_private_targets", "true"),
        Duration.ofSeconds(120));
  }

  private static HttpResponse<String> post(HttpClient http, String url, String key, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** One delivery as the receiver got it. */
  private record Received(Map<String, String> headers, byte[] body) {}

  /** A webhook receiver on a local port that keeps the last delivery and answers 200. */
  private static final class Receiver implements AutoCloseable {
    private final HttpServer server;
    private volatile Received last;

    Receiver() throws java.io.IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/hooks",
          exchange -> {
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            last = new Received(headers, exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    Received last() {
      return last;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static HttpResponse<String> createDriver(HttpClient http, String url, String key)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "/api/v1/drivers"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "emp-42")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"external_id\": \"emp-42\", \"name\": \"D. Driver\","
                        + " \"start_lat\": 37.7858, \"start_lng\": -122.4065}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(HttpClient http, String url, String key)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(HttpClient http, String url, String key) throws Exception {
    HttpResponse<String> r = send(http, url, key);
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private CliRun run(String... args) {
    ran.add(List.of(args));
    return fleetstream(dir.resolve("stack"), args);
  }

  private static void topics(String bootstrap, int partitions) {
    TopicAdmin.builder().bootstrapServers(bootstrap).partitions(partitions).build().ensureTopics();
  }

  private static KafkaProducer<String, byte[]> transactional(String bootstrap) {
    Properties p = KafkaClientSettings.producer(bootstrap);
    p.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "backup-test");
    return new KafkaProducer<>(p);
  }

  private static void send(KafkaProducer<String, byte[]> p, Topic topic, String key, byte[] value) {
    p.send(new ProducerRecord<>(topic.topicName(), key, value));
  }

  /** The record lines without where they sat (partition and offset differ between clusters). */
  private static List<String> records(Path file) throws Exception {
    List<String> lines = lines(file);
    return lines.subList(1, lines.size() - 1).stream()
        .map(l -> l.replaceAll("\"partition\":\\d+,\"offset\":\\d+,", ""))
        .toList();
  }

  /** The same records in any order compare equal (the order per key is checked apart). */
  private static List<String> sortedLines(List<String> records) {
    return records.stream().sorted().toList();
  }

  /** The times of a driver's pings, in the order the file holds them. */
  private static List<Long> keyOrder(List<String> records, String key) {
    return records.stream()
        .filter(r -> r.contains("\"topic\":\"" + Topic.TELEMETRY.topicName() + "\""))
        .filter(r -> r.contains("\"key\":\"" + key + "\""))
        .map(
            r ->
                new String(
                    Base64.getDecoder().decode(r.replaceAll(".*\"value\":\"([^\"]*)\".*", "$1")),
                    StandardCharsets.UTF_8))
        .map(v -> Long.parseLong(v.replaceAll(".*\"id\":\"p\\d+_(\\d+)\".*", "$1")))
        .toList();
  }

  private static List<String> lines(Path file) throws Exception {
    try (var in = new GZIPInputStream(Files.newInputStream(file))) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }
}
