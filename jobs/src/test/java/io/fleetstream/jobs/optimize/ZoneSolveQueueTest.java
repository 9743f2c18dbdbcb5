package io.fleetstream.jobs.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Re-solves wait one per zone and never take more than their share of a core. */
class ZoneSolveQueueTest {

  private final List<String> solved = new CopyOnWriteArrayList<>();
  private final List<String> dropped = new CopyOnWriteArrayList<>();
  private final List<Long> startedAt = new CopyOnWriteArrayList<>();

  @Test
  void onlyTheNewestRequestOfAZoneWaitsAndTheOlderOneIsHandedBackAtOnce() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch allDone = new CountDownLatch(3);
    try (ZoneSolveQueue<String> queue =
        new ZoneSolveQueue<>(
            "test-solver",
            r -> r.substring(0, 1),
            r -> {
              if (r.equals("a1")) {
                firstRunning.countDown();
                await(release);
              }
              solved.add(r);
              allDone.countDown();
            },
            dropped::add,
            1.0)) {
      queue.offer("a1");
      assertThat(firstRunning.await(5, TimeUnit.SECONDS)).isTrue();
      queue.offer("b1");
      queue.offer("a2");
      queue.offer("a3");
      assertThat(dropped).as("a2 was replaced by a3 while it waited").containsExactly("a2");
      assertThat(queue.waiting()).isEqualTo(2);
      release.countDown();
      assertThat(allDone.await(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(solved).containsExactly("a1", "b1", "a3");
  }

  @Test
  void afterEachSolveTheThreadRestsSoSolvingKeepsToItsShareOfACore() throws Exception {
    CountDownLatch both = new CountDownLatch(2);
    try (ZoneSolveQueue<String> queue =
        new ZoneSolveQueue<>(
            "test-solver",
            r -> r,
            r -> {
              startedAt.add(System.nanoTime());
              sleep(100);
              both.countDown();
            },
            dropped::add,
            0.25)) {
      queue.offer("a");
      queue.offer("b");
      assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
    }
    long gapMs = (startedAt.get(1) - startedAt.get(0)) / 1_000_000;
    assertThat(gapMs)
        .as("100 ms of work at a 25 % share is followed by 300 ms of rest")
        .isGreaterThanOrEqualTo(400);
  }

  @Test
  void onABusyMachineTheSolverRestsLongerAndOnAnIdleOneItKeepsItsShare() throws Exception {
    long busyGap = gapBetweenTwoSolves(() -> 1.0);
    long idleGap = gapBetweenTwoSolves(() -> 0.5);

    // 100 ms of work: at 25 % × 0.4 = 10 % it is followed by 900 ms of rest, at 25 % by 300 ms.
    assertThat(busyGap).isGreaterThanOrEqualTo(1000);
    assertThat(idleGap).isGreaterThanOrEqualTo(400).isLessThan(busyGap);
  }

  private long gapBetweenTwoSolves(java.util.function.DoubleSupplier load) throws Exception {
    List<Long> starts = new CopyOnWriteArrayList<>();
    CountDownLatch both = new CountDownLatch(2);
    try (ZoneSolveQueue<String> queue =
        new ZoneSolveQueue<>(
            "test-solver",
            r -> r,
            r -> {
              starts.add(System.nanoTime());
              sleep(100);
              both.countDown();
            },
            dropped::add,
            0.25,
            load)) {
      queue.offer("a");
      queue.offer("b");
      assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
    }
    return (starts.get(1) - starts.get(0)) / 1_000_000;
  }

  @Test
  void aWithdrawnRequestIsNotSolvedAndClosingHandsBackWhatStillWaits() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstRunning = new CountDownLatch(1);
    ZoneSolveQueue<String> queue =
        new ZoneSolveQueue<>(
            "test-solver",
            r -> r,
            r -> {
              firstRunning.countDown();
              await(release);
              solved.add(r);
            },
            dropped::add,
            1.0);
    queue.offer("busy");
    assertThat(firstRunning.await(5, TimeUnit.SECONDS)).isTrue();
    queue.offer("timed-out");
    queue.offer("left");
    assertThat(queue.withdraw("timed-out")).isTrue();
    assertThat(queue.withdraw("timed-out")).isFalse();
    queue.close();
    release.countDown();
    assertThat(dropped).containsExactly("left");
    assertThat(solved).doesNotContain("timed-out", "left");
    queue.offer("after-close");
    assertThat(dropped).containsExactly("left", "after-close");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
