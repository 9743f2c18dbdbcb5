package io.fleetstream.deploy.cluster;

import static io.fleetstream.deploy.CliRun.fleetstream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.broker.process.LocalPorts;
import io.fleetstream.connectors.kafka.KafkaSecurity;
import io.fleetstream.deploy.CliRun;
import io.fleetstream.deploy.DocCommands;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product against engines someone else runs: {@code up --kafka B --flink URL} starts only
 * the HTTP bridge and webhook delivery on this machine and submits the dispatch job to the Flink
 * cluster (here one from {@code cluster up}). The Kafka is secured as production clusters are: it
 * serves only clients that authenticate (SASL/PLAIN), and every part of the product — the CLI, the
 * Flink cluster's processes and the job on them, the bridge, the functions runtime — connects with
 * the client settings given as {@code --kafka-config}. A driver and a job created through the REST
 * API are decided by the job on the cluster and the subscriber gets its webhook; {@code down} stops
 * that job with a savepoint and the cluster keeps running.
 */
class StackOnClusterITCase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path clusterData;
  @TempDir Path stackData;
  @TempDir Path kafkaData;
  private final HttpClient http = HttpClient.newHttpClient();
  private KafkaBroker kafka;

  @AfterEach
  void down() {
    fleetstream(stackData, "down");
    fleetstream(clusterData, "cluster", "down");
    if (kafka != null) {
      kafka.close();
    }
    // The commands ran in this JVM: --kafka-config must not outlive this test.
    System.clearProperty(KafkaSecurity.PROPERTY);
  }

  @Test
  void upWithKafkaAndFlinkRunsTheBridgeHereAndTheJobOnTheCluster() throws Exception {
    kafka = KafkaBroker.builder().dataDir(kafkaData).saslPlain("fleetstream", "s3cret").build();
    kafka.start();
    String bootstrap = kafka.bootstrapServers();
    String clientConfig = kafka.clientConfig().toString();

    CliRun refused =
        fleetstream(clusterData, "cluster", "up", "--taskmanagers", "1", "--kafka", bootstrap);
    assertThat(refused.code()).as("a secured Kafka without its settings").isEqualTo(1);
    assertThat(refused.err())
        .as("named before anything starts")
        .contains("Kafka at " + bootstrap + " did not answer")
        .contains("--kafka-config FILE");
    assertThat(FlinkCluster.running(clusterData)).isEmpty();

    CliRun cluster =
        fleetstream(
            clusterData,
            "cluster",
            "up",
            "--taskmanagers",
            "1",
            "--port",
            Integer.toString(LocalPorts.freeBlock(6)),
            "--kafka",
            bootstrap,
            "--kafka-config",
            clientConfig);
    assertThat(cluster.code()).as(cluster.out() + cluster.err()).isZero();
    ClusterStatus engines = FlinkCluster.running(clusterData).orElseThrow();
    assertThat(engines.bootstrapServers()).isEqualTo(bootstrap);

    List<String> upArgs =
        List.of(
            "up",
            "--kafka",
            bootstrap,
            "--flink",
            engines.restUrl(),
            "--rehearsal",
            "off",
            "--kafka-config",
            clientConfig);
    CliRun up = fleetstream(stackData, upArgs.toArray(String[]::new));
    DocCommands.assertEachRan(
        DocCommands.of("operations.md", v -> v.equals(List.of("up"))), List.of(upArgs));
    assertThat(up.code()).as(up.out() + up.err()).isZero();
    assertThat(up.out())
        .contains("submitting the dispatch job to the Flink cluster ... done")
        .contains("flink web ui     " + engines.restUrl())
        .contains("kafka            " + engines.bootstrapServers());
    assertThat(up.out()).doesNotContain("starting Kafka broker", "rehearsing");
    assertThat(JobSubmission.runningDispatchJobs(URI.create(engines.restUrl()))).hasSize(1);

    String bridge = status().path("bridge").path("url").asText();
    String key =
        post(
                bridge,
                "/api/v1/agent_signup",
                "{\"agent_id\": \"cluster\", \"contact\": \"ops@example.com\", \"sandbox\": true}",
                null)
            .path("api_key")
            .asText();
    post(
        bridge,
        "/api/v1/drivers",
        "{\"name\": \"Ana\", \"start_lat\": 43.7300, \"start_lng\": 7.4200}",
        key);
    List<String> hooks = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          hooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    post(
        bridge,
        "/api/v1/webhook_endpoints",
        "{\"url\": \"http://127.0.0.1:"
            + receiver.getAddress().getPort()
            + "/hooks\", \"events\": [\"job.assigned\"]}",
        key);
    String job =
        post(
                bridge,
                "/api/v1/jobs",
                "{\"dropoff_lat\": 43.7320, \"dropoff_lng\": 7.4180, \"service_minutes\": 15}",
                key)
            .path("id")
            .asText();
    Awaitility.await("the job on the cluster assigns the job")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> get(bridge + "/api/v1/jobs/" + job, key).path("status").asText(),
            "assigned"::equals);
    try {
      Awaitility.await("the functions runtime, on the secured Kafka too, delivers the webhook")
          .atMost(Duration.ofSeconds(90))
          .until(() -> hooks.stream().anyMatch(h -> h.contains(job)));
    } finally {
      receiver.stop(0);
    }

    CliRun down = fleetstream(stackData, "down");
    assertThat(down.code()).isZero();
    assertThat(JobSubmission.runningDispatchJobs(URI.create(engines.restUrl())))
        .as("down stops the dispatch job on the cluster")
        .isEmpty();
    assertThat(Files.readString(stackData.resolve("savepoints/LATEST")))
        .as("with a savepoint the next up resumes from")
        .startsWith("file:" + stackData);
    assertThat(FlinkCluster.running(clusterData))
        .as("the cluster itself keeps running")
        .isPresent();
  }

  private JsonNode status() throws Exception {
    return JSON.readTree(fleetstream(stackData, "status", "--json").out());
  }

  private JsonNode post(String base, String path, String body, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
    return JSON.readTree(response.body());
  }

  private JsonNode get(String url, String key) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
