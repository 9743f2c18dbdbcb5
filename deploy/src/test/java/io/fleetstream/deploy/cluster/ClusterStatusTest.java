package io.fleetstream.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStatusTest {

  private static final long ME = ProcessHandle.current().pid();

  @Test
  void aPidIsOursOnlyWhileItIsTheProcessThatStartedThen(@TempDir Path dir) {
    String myStart = ClusterStatus.startOf(ME).orElseThrow();
    ClusterStatus ours = status(Map.of(ME, myStart));
    ClusterStatus reused = status(Map.of(ME, "2001-01-01T00:00:00Z"));

    assertThat(ours.alive(ME)).isTrue();
    assertThat(reused.alive(ME))
        .as("the same pid, started at another time: someone else's process, never stopped by down")
        .isFalse();
    assertThat(reused.process(ME)).isEmpty();

    ours.write(dir);
    assertThat(ClusterStatus.read(dir)).contains(ours);
  }

  private static ClusterStatus status(Map<Long, String> startedAt) {
    return new ClusterStatus(
        "http://127.0.0.1:8081", "127.0.0.1:9092", 0, ME, List.of(), "9249-9250", startedAt);
  }
}
