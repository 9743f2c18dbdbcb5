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
 * {@code bench events} as documented, at a size a build can afford: a real broker and bridge, SSE
 * clients on loopback; every client gets every event of its account exactly once.
 */
class EventsBenchITCase {

  @TempDir Path tmp;

  @Test
  void aSmallRunDeliversEveryEventToEveryStreamOfItsAccountOnce() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Fleetstream.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "bench",
            "events",
            "--clients",
            "12",
            "--accounts",
            "3",
            "--rate",
            "20",
            "--duration",
            "3s",
            "--out",
            tmp.toString());

    assertThat(code).as(out + "\n" + err).isZero();
    List<String> lines = out.toString().strip().lines().toList();
    JsonNode r = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    // Warm-up 5 s at 5/s, 10 s at 10/s, 5 s at 20/s, then 3 s at 20/s: 285 events, each to the 4
    // streams of its account.
    assertThat(r.path("events").asLong()).isEqualTo(285);
    assertThat(r.path("expected_deliveries").asLong()).isEqualTo(1140);
    assertThat(r.path("delivered").asLong()).isEqualTo(1140);
    assertThat(r.path("missing").asLong()).isZero();
    assertThat(r.path("duplicated").asLong()).isZero();
    assertThat(r.path("streams_ended").asLong()).isZero();
    assertThat(r.path("p99_ms").asDouble()).isPositive();
    assertThat(Files.size(tmp.resolve("events.png"))).isPositive();
    assertThat(tmp.resolve("events.json")).exists();
  }
}
