package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.local.StateWorkDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A benchmark's scratch directory (its broker's log, checkpoints, the road graph), deleted when the
 * benchmark ends, however it ends: a stream benchmark at 50,000 pings a second leaves gigabytes.
 */
final class BenchWorkDir implements AutoCloseable {

  private final Path path;

  BenchWorkDir(String prefix) throws IOException {
    this.path = Files.createTempDirectory(prefix);
  }

  Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    StateWorkDir.delete(path);
  }
}
