package io.fleetstream.deploy.local;

import io.fleetstream.broker.process.LocalPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The ports of the embedded stack. With a base port P: Kafka listens on P, the Flink web UI on P+1
 * and the job's Prometheus metrics on P+3 (the bridge takes P+2). Without one, Kafka tries 9092,
 * Flink 8081 and its metrics 9249, each falling back to a free port. The choice is kept in the data
 * directory, so a restarted stack keeps its addresses.
 */
public record StackPorts(int kafka, int flinkUi, int flinkMetrics) {

  static final int DEFAULT_KAFKA = 9092;
  static final int DEFAULT_FLINK_UI = 8081;
  static final int DEFAULT_FLINK_METRICS = 9249;
  private static final String FILE = "ports.properties";

  /** Resolves the ports for {@code dataDir}; {@code basePort} 0 means "as before, or defaults". */
  public static StackPorts resolve(Path dataDir, int basePort) {
    Path file = dataDir.resolve(FILE);
    Properties saved = new Properties();
    try {
      if (Files.exists(file)) {
        try (var in = Files.newBufferedReader(file)) {
          saved.load(in);
        }
      }
      StackPorts ports;
      if (basePort > 0) {
        ports =
            new StackPorts(
                requireFree(basePort, "Kafka"),
                requireFree(basePort + 1, "the Flink web UI"),
                requireFree(basePort + 3, "the dispatch job's metrics"));
      } else {
        ports =
            new StackPorts(
                preferred(Integer.parseInt(saved.getProperty("kafka", "0")), DEFAULT_KAFKA),
                preferred(Integer.parseInt(saved.getProperty("flink.ui", "0")), DEFAULT_FLINK_UI),
                preferred(
                    Integer.parseInt(saved.getProperty("flink.metrics", "0")),
                    DEFAULT_FLINK_METRICS));
      }
      saved.setProperty("kafka", Integer.toString(ports.kafka()));
      saved.setProperty("flink.ui", Integer.toString(ports.flinkUi()));
      saved.setProperty("flink.metrics", Integer.toString(ports.flinkMetrics()));
      Files.createDirectories(dataDir);
      try (var out = Files.newBufferedWriter(file)) {
        saved.store(out, "ports of the embedded Fleetstream stack");
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int requireFree(int port, String what) {
    if (port > 65535 || !LocalPorts.isFree(port)) {
      throw new IllegalArgumentException(
          "port " + port + " for " + what + " is taken or invalid; choose another --port");
    }
    return port;
  }

  private static int preferred(int previous, int fallback) {
    if (previous > 0 && LocalPorts.isFree(previous)) {
      return previous;
    }
    return LocalPorts.isFree(fallback) ? fallback : LocalPorts.freePort();
  }
}
