package io.fleetstream.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetstream.deploy.bench.Charts;
import io.fleetstream.deploy.functions.WebhookBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench webhooks}: delivery rate and latency to local receivers, with a slow one. */
@Command(
    name = "webhooks",
    description =
        "Write webhook events to Kafka at a fixed rate through a real broker, Stateful Functions "
            + "runtime and functions server, to receivers on loopback; then again with one slow "
            + "endpoint among them. Writes webhooks.json and webhooks.png; the last line of "
            + "output is one JSON object.")
public final class BenchWebhooksCommand implements Callable<Integer> {

  @Option(
      names = "--endpoints",
      defaultValue = "10",
      description = "Fast endpoints, each subscribed to every event (default ${DEFAULT-VALUE}).")
  int endpoints;

  @Option(
      names = "--rate",
      defaultValue = "50",
      description = "Events per second written (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      description = "How long to write events in each run, e.g. 30s (at most 5m).")
  String duration;

  @Option(
      names = "--slow-ms",
      defaultValue = "1000",
      description = "How long the slow endpoint takes to answer (default ${DEFAULT-VALUE}).")
  int slowMs;

  @Option(names = "--out", defaultValue = "target/bench", description = "Where the files go.")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    Duration length = Durations.parse(duration);
    if (length.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("--duration is at most 5m");
    }
    WebhookBenchmark.Result r;
    try (BenchWorkDir workDir = new BenchWorkDir("fleetstream-bench-webhooks-")) {
      r =
          new WebhookBenchmark(
                  endpoints, rate, length, Duration.ofMillis(slowMs), workDir.path(), System.err)
              .run();
    }
    ObjectMapper mapper = new ObjectMapper();
    Files.createDirectories(this.out);
    mapper
        .copy()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(this.out.resolve("webhooks.json").toFile(), r);
    Charts.webhookLatency(r.scenarios(), this.out.resolve("webhooks.png"));
    out.printf(
        "%n%-10s %9s %9s %11s %13s %8s %8s %8s %5s %13s%n",
        "run",
        "events/s",
        "endpoints",
        "delivered",
        "deliveries/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "dup",
        "slow got");
    for (WebhookBenchmark.Scenario s : r.scenarios()) {
      out.printf(
          "%-10s %,9.0f %9s %,5d/%,5d %,13.0f %8.0f %8.0f %8.0f %5d %13s%n",
          s.name(),
          s.eventsPerSecond(),
          s.fastEndpoints() + (s.slowEndpoint() ? "+1" : ""),
          s.delivered(),
          s.expected(),
          s.deliveriesPerSecond(),
          s.p50Ms(),
          s.p99Ms(),
          s.maxMs(),
          s.duplicates(),
          s.slowEndpoint() ? Long.toString(s.slowDelivered()) : "-");
    }
    out.printf(
        "machine: %d cores, load %.2f before the run; chart %s%n",
        r.cores(), r.loadBefore(), this.out.resolve("webhooks.png"));
    out.println(mapper.writeValueAsString(r));
    out.flush();
    return r.scenarios().stream().allMatch(WebhookBenchmark.Scenario::complete) ? 0 : 1;
  }
}
