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
 * {@code bench webhooks} as documented, at a size a build can afford: a real broker, Stateful
 * Functions runtime and functions server, receivers on loopback; every event reaches every fast
 * endpoint exactly once in each run, the slow endpoint gets deliveries too, and the files appear.
 */
class WebhookBenchITCase {

  @TempDir Path tmp;

  @Test
  void aSmallRunDeliversEveryEventToEveryEndpointOnce() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Fleetstream.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "bench",
            "webhooks",
            "--endpoints",
            "3",
            "--rate",
            "10",
            "--duration",
            "4s",
            "--slow-ms",
            "500",
            "--out",
            tmp.toString());

    assertThat(code).as(out + "\n" + err).isZero();
    List<String> lines = out.toString().strip().lines().toList();
    JsonNode result = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(result.path("scenarios")).hasSize(3);
    for (JsonNode run : result.path("scenarios")) {
      assertThat(run.path("expected").asLong()).as("%s", run).isEqualTo(120);
      assertThat(run.path("delivered").asLong()).as("%s", run).isEqualTo(120);
      assertThat(run.path("duplicates").asLong()).as("%s", run).isZero();
      assertThat(run.path("p99_ms").asDouble()).as("%s", run).isPositive();
    }
    assertThat(result.path("scenarios").get(1).path("slow_delivered").asLong()).isPositive();
    assertThat(Files.size(tmp.resolve("webhooks.png"))).isPositive();
    assertThat(tmp.resolve("webhooks.json")).exists();
  }
}
