package io.fleetstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} that gives up waiting stops the stack it spawned: nothing is left running in the
 * background (a stack once stayed behind for minutes, restarting its parts, after a failed start).
 */
class StackStartTimeoutITCase {

  @TempDir Path dataDir;

  @Test
  void aStackThatIsNotUpInTimeIsStoppedWithEveryProcessItStarted() throws Exception {
    StringWriter progress = new StringWriter();
    StackLauncher launcher = new StackLauncher(dataDir, new PrintWriter(progress, true));

    assertThatThrownBy(() -> launcher.up(0, Duration.ofSeconds(8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("was stopped");

    StackStatus status = StackStatus.read(dataDir).orElseThrow();
    assertThat(alive(status.pid())).as("the supervisor, after %s", progress).isFalse();
    if (status.kafka() != null) {
      assertThat(alive(status.kafka().pid())).as("its Kafka broker").isFalse();
    }
  }

  private static boolean alive(Long pid) {
    return pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
