package io.fleetstream.jobs.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {

  @Test
  void aLoweredThreadAndTheThreadsItStartsRunAtTheLowerPriorityAndNoOtherDoes() throws Exception {
    if (!Files.isSymbolicLink(Path.of("/proc/thread-self"))) {
      // Not Linux: the thread keeps its priority and says so.
      assertThat(CompletableFuture.supplyAsync(BackgroundPriority::lowerCurrentThread).get())
          .isFalse();
      return;
    }
    int mine = BackgroundPriority.niceness(BackgroundPriority.currentThreadId());
    AtomicInteger lowered = new AtomicInteger(-100);
    AtomicInteger child = new AtomicInteger(-100);
    Thread worker =
        new Thread(
            () -> {
              try {
                assertThat(BackgroundPriority.lowerCurrentThread()).isTrue();
                lowered.set(BackgroundPriority.niceness(BackgroundPriority.currentThreadId()));
                Thread started =
                    new Thread(
                        () -> {
                          try {
                            child.set(
                                BackgroundPriority.niceness(BackgroundPriority.currentThreadId()));
                          } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                          }
                        });
                started.start();
                started.join();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    worker.start();
    worker.join();

    assertThat(lowered.get()).isEqualTo(Math.max(mine, BackgroundPriority.NICENESS));
    assertThat(child.get()).as("inherited").isEqualTo(lowered.get());
    assertThat(BackgroundPriority.niceness(BackgroundPriority.currentThreadId()))
        .as("the caller's own thread is untouched")
        .isEqualTo(mine);
  }
}
