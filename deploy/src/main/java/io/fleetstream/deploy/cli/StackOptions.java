package io.fleetstream.deploy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every stack command shares. */
public final class StackOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the stack keeps its data, logs and status (default: $FLEETSTREAM_DATA_DIR or ~/.fleetstream).")
  Path dataDir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description =
          "Base port: Kafka listens on PORT, the Flink web UI on PORT+1, the HTTP API on PORT+2 "
              + "(default: 9092, 8081 and 9094 when free, else free ports).")
  int port;

  Path dataDir() {
    if (dataDir != null) {
      return dataDir.toAbsolutePath();
    }
    String env = System.getenv("FLEETSTREAM_DATA_DIR");
    return (env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".fleetstream"))
        .toAbsolutePath();
  }
}
