package io.fleetstream.deploy.cluster;

import static io.fleetstream.deploy.CliRun.fleetstream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.broker.process.LocalPorts;
import io.fleetstream.deploy.CliRun;
import io.fleetstream.deploy.DocCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product against engines someone else runs: {@code up --kafka B --flink URL} starts only
 * the HTTP bridge and webhook delivery on this machine and submits the dispatch job to the Flink
 * cluster (here one from {@code cluster up}, with its own broker). A driver and a job created
 * through the REST API are decided by the job on the cluster; {@code down} stops that job with a
 * savepoint and the cluster keeps running.
 */
class StackOnClusterITCase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path clusterData;
  @TempDir Path stackData;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void down() {
    fleetstream(stackData, "down");
    fleetstream(clusterData, "cluster", "down");
  }

  @Test
  void upWithKafkaAndFlinkRunsTheBridgeHereAndTheJobOnTheCluster() throws Exception {
    CliRun cluster =
        fleetstream(
            clusterData,
            "cluster",
            "up",
            "--taskmanagers",
            "1",
            "--port",
            Integer.toString(LocalPorts.freeBlock(6)));
    assertThat(cluster.code()).as(cluster.err()).isZero();
    ClusterStatus engines = FlinkCluster.running(clusterData).orElseThrow();

    List<String> upArgs =
        List.of(
            "up",
            "--kafka",
            engines.bootstrapServers(),
            "--flink",
            engines.restUrl(),
            "--rehearsal",
            "off");
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
