package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bridge whose launcher dies while the bridge is still starting exits, rather than waiting on a
 * Kafka that went away with the launcher: a stack stopped during start-up once left its bridge
 * running (StackStartTimeoutITCase saw it), because the parent was only watched once start-up was
 * done.
 */
class BridgeOutlivesNoParentITCase {

  @TempDir Path dataDir;

  @Test
  void aBridgeStillStartingExitsWhenItsParentIsGone() throws Exception {
    Process parent = new ProcessBuilder("sleep", "3").start();
    Process bridge =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    BridgeMain.class.getName(),
                    "--kafka.bootstrap=127.0.0.1:1", // nothing listens: start-up waits on it
                    "--data.dir=" + dataDir,
                    "--geocoding.osm_file=off",
                    "--parent.pid=" + parent.pid()))
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("bridge.out").toFile())
            .start();
    try {
      assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(bridge.waitFor(20, TimeUnit.SECONDS))
          .as("the bridge exits once its parent is gone, though it never finished starting")
          .isTrue();
    } finally {
      bridge.destroyForcibly();
      parent.destroyForcibly();
    }
  }
}
