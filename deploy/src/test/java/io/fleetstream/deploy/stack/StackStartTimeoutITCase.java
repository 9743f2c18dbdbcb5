package io.fleetstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    // Every other process it started (the bridge, the functions runtime) names the data directory
    // on its command line: none may outlive the stop. Waited for, not sampled once — one still
    // exiting wrote into the directory while JUnit deleted it, and the test failed on that.
    org.awaitility.Awaitility.await("no process of the stopped stack left")
        .atMost(Duration.ofSeconds(30))
        .until(() -> stackProcesses().isEmpty());
  }

  private List<String> stackProcesses() {
    String dir = dataDir.toString();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .toList();
  }

  private static boolean alive(Long pid) {
    return pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
