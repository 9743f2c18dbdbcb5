package io.fleetstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench stream} as documented, at a size a build can afford: a real broker and the dispatch
 * job, a small fleet, and the contract of its last line — every ping and job sent comes back
 * exactly once (counted read_committed), with latencies; a run that lost or duplicated anything
 * exits 1 (the counting itself is tested in {@code OutputLedgerTest}).
 */
class StreamBenchITCase {

  @TempDir Path tmp;

  @Test
  void aSmallRunEndsWithOneJsonObjectAndLosesNothing() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Fleetstream.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "bench",
            "stream",
            "--rate",
            "300",
            "--duration",
            "3s",
            "--drivers",
            "20",
            "--open-jobs",
            "40",
            "--zones",
            "2",
            "--out",
            tmp.toString());

    assertThat(code).as(err.toString()).isZero();
    List<String> lines = out.toString().strip().lines().toList();
    JsonNode result = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(result.path("rate").asInt()).isEqualTo(300);
    // Pings are sent on a schedule (rate × duration), so the count is exact whatever the machine's
    // load.
    assertThat(result.path("pings_sent").asLong()).isEqualTo(900);
    assertThat(result.path("generator_lag_p99_ms").isNumber())
        .as("how far behind schedule the generator sent")
        .isTrue();
    assertThat(result.path("lost").asLong()).isZero();
    assertThat(result.path("duplicated").asLong()).isZero();
    assertThat(result.path("achieved_rate").asDouble()).isGreaterThan(0);
    assertThat(result.path("p50_ms").asDouble())
        .isPositive()
        .isLessThanOrEqualTo(result.path("p99_ms").asDouble());
    assertThat(result.path("jobs_sent").asLong()).isPositive();
    assertThat(result.path("assignment_p99_ms").asDouble()).isPositive();
    // the machine's share of the figures: both processes worked, state and heap are stated
    JsonNode machine = result.path("machine");
    assertThat(machine.path("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(machine.path("jvm_cores").asDouble()).isPositive();
    assertThat(machine.path("broker_cores").asDouble()).isPositive();
    assertThat(machine.path("heap_used_mb").asLong()).isPositive();
    assertThat(machine.path("checkpoints_mb").asDouble()).isPositive();
    assertThat(machine.has("load_before")).isTrue();
    assertThat(tmp.resolve("stream.json")).exists();
    // the run second by second, as a picture
    assertThat(tmp.resolve("stream-timeline.png")).isNotEmptyFile();
    assertThat(out.toString()).contains("timeline: " + tmp.resolve("stream-timeline.png"));
    // the broker's log, checkpoints and graph it worked in are gone (gigabytes at full rate)
    java.util.regex.Matcher workDir =
        java.util.regex.Pattern.compile("work dir ([^)]+)\\)").matcher(out.toString());
    assertThat(workDir.find()).as(out.toString()).isTrue();
    assertThat(java.nio.file.Path.of(workDir.group(1))).doesNotExist();
    assertThat(Files.readString(tmp.resolve("stream.json"))).contains("\"achieved_rate\"");
  }
}
