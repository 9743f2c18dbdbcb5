package io.fleetstream.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetstream.deploy.bridge.ApiBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench api}: write throughput and latency through the HTTP bridge, and no accepted write
 * lost.
 */
@Command(
    name = "api",
    description =
        "POST /api/v1/jobs at a fixed rate through a real bridge and broker on loopback "
            + "(after a 30 s warm-up of the bridge); checks every accepted write is on the topic. "
            + "The last line of output is one JSON object.")
public final class BenchApiCommand implements Callable<Integer> {

  @Option(
      names = "--rps",
      defaultValue = "2000",
      description = "Requests per second (1 to 20000; default ${DEFAULT-VALUE}).")
  int rps;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      description = "How long to measure, e.g. 30s or 2m (at most 5m).")
  String duration;

  @Option(names = "--out", defaultValue = "target/bench", description = "Where api.json goes.")
  Path out;

  @Option(names = "--json", description = "Print only the JSON result.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    ApiBenchmark.Result r;
    try (BenchWorkDir workDir = new BenchWorkDir("fleetstream-bench-api-")) {
      Path work = workDir.path();
      r =
          new ApiBenchmark(
                  rps,
                  Durations.parse(duration),
                  work,
                  json
                      ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream())
                      : System.err)
              .run();
    }
    ObjectMapper mapper = new ObjectMapper();
    Files.createDirectories(this.out);
    mapper
        .copy()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(this.out.resolve("api.json").toFile(), r);
    if (!json) {
      out.printf(
          "%n%10s %10s %8s %8s %8s %8s %10s %10s %6s %6s%n",
          "target/s",
          "accepted/s",
          "p50 ms",
          "p99 ms",
          "max ms",
          "errors",
          "accepted",
          "on topic",
          "lost",
          "dup");
      out.printf(
          "%,10.0f %,10.0f %8.1f %8.1f %8.1f %8d %,10d %,10d %6d %6d%n",
          r.targetRps(),
          r.rps(),
          r.p50Ms(),
          r.p99Ms(),
          r.maxMs(),
          r.errors(),
          r.accepted(),
          r.onTopic(),
          r.lost(),
          r.duplicated());
      if (!r.errorsBy().isEmpty()) {
        out.println("errors by HTTP status (or failure): " + r.errorsBy());
      }
    }
    out.println(mapper.writeValueAsString(r));
    out.flush();
    return r.exact() ? 0 : 1;
  }
}
