package io.fleetstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.schemas.Topic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a user drives it: up, status, demo, down, up again (state restored), down; and
 * afterwards not one process of ours is left.
 */
class LauncherITCase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  record Result(int code, String out, String err) {}

  private Result fleetstream(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = concat(args, "--data-dir", dataDir.toString());
    int code = Fleetstream.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    System.out.println("$ fleetstream " + String.join(" ", all) + "\n" + out + err);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void upStatusDemoDownAndUpAgainLeaveNothingBehind() throws Exception {
    assertThat(fleetstream("status").code()).as("status before up").isEqualTo(3);

    Result up = fleetstream("up");
    assertThat(up.code()).as(up.err()).isZero();
    assertThat(up.out())
        .contains("Fleetstream is running", "kafka", "flink web ui")
        .containsPattern("rehearsing the dispatch job on synthetic input[^\\n]* done");

    JsonNode status = JSON.readTree(fleetstream("status", "--json").out());
    assertThat(status.path("state").asText()).isEqualTo("running");
    String bootstrap = status.path("kafka").path("bootstrap_servers").asText();
    long supervisorPid = status.path("pid").asLong();
    long brokerPid = status.path("kafka").path("pid").asLong();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(topics).containsAll(Arrays.stream(Topic.values()).map(Topic::topicName).toList());
    }

    Result demo = fleetstream("demo", "--timeout", "90");
    assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out())
        .contains(
            "job_casino_ac",
            "→ drv_",
            "waiting: SKILL",
            "dead letter from fleetstream.jobs.v1: MALFORMED_JSON")
        .contains("summary: 11 jobs assigned, 1 waited for a skill, 1 record rejected")
        .as("every assignment reached the demo's webhook receiver, correctly signed")
        .contains("job_gas_leak             job.assigned  signature verified")
        .doesNotContain("signature INVALID");
    assertThat(fleetstream("status").code())
        .as("a demo on a running stack leaves it running")
        .isZero();

    Result simulation =
        fleetstream("simulate", "--duration", "20s", "--drivers", "4", "--jobs-per-minute", "30");
    assertThat(simulation.code()).as(simulation.out() + simulation.err()).isZero();
    assertThat(simulation.out()).containsPattern("summary: \\d+ jobs created, [1-9]\\d* assigned");

    // What `status` says an operator's Prometheus scrapes, and every metric the shipped Grafana
    // dashboard queries is among it.
    JsonNode running = JSON.readTree(fleetstream("status", "--json").out());
    String bridgeMetrics = scrape(running.path("bridge").path("url").asText() + "/metrics");
    String jobMetrics = scrape(running.path("flink").path("metrics").asText());
    assertThat(DashboardMetrics.missing(DashboardMetrics.DASHBOARD, bridgeMetrics, jobMetrics))
        .as("metrics the dashboard queries that the running stack does not expose")
        .isEmpty();

    assertThat(fleetstream("down").code()).isZero();
    assertThat(alive(supervisorPid)).as("supervisor after down").isFalse();
    assertThat(alive(brokerPid)).as("broker after down").isFalse();
    assertThat(fleetstream("status").code()).isEqualTo(3);

    Result again = fleetstream("up");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(
            JSON.readTree(fleetstream("status", "--json").out())
                .path("flink")
                .path("restored_from")
                .asText())
        .as("the second start restores the savepoint the first stop took")
        .contains("savepoint");
    assertThat(fleetstream("down").code()).isZero();

    assertThat(processesMentioning(dataDir.toString()))
        .as("processes of this stack after down")
        .isEmpty();
  }

  private static String scrape(String url) throws Exception {
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static List<String> processesMentioning(String text) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .filter(line -> line.contains(text))
        .toList();
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
