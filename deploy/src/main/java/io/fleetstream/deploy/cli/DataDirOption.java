package io.fleetstream.deploy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}: where a stack or a local cluster keeps its data, logs and status. */
public final class DataDirOption {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the stack keeps its data, logs and status (default: $FLEETSTREAM_DATA_DIR or ~/.fleetstream).")
  Path dataDir;

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
