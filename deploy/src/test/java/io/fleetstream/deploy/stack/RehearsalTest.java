package io.fleetstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a rehearsal may end: once the job's throughput has stopped rising. */
class RehearsalTest {

  /**
   * Outputs so far at each 5 s mark of a 60 s rehearsal on the project machine (2026-12-07, `bench
   * stream --rehearsal 60s`), seconds in between filled in on a straight line.
   */
  private static final long[] MEASURED_EVERY_5_S = {
    0, 5_390, 31_420, 56_998, 114_968, 195_154, 284_892, 406_461, 571_524, 718_626, 853_194,
    1_014_864, 1_160_038
  };

  private static List<Long> firstSeconds(int seconds) {
    List<Long> perSecond = new ArrayList<>();
    for (int t = 1; t <= seconds; t++) {
      long from = MEASURED_EVERY_5_S[(t - 1) / 5];
      long to = MEASURED_EVERY_5_S[(t - 1) / 5 + 1];
      perSecond.add(from + (to - from) * (((t - 1) % 5) + 1) / 5);
    }
    return perSecond;
  }

  @Test
  void aJobStillSpeedingUpIsNotWarmAndOneThatLevelledOffIs() {
    // 10 s to 40 s: each ten seconds brought back 1.5–2.8 times the ten before.
    for (int t = 1; t <= 45; t++) {
      assertThat(Rehearsal.warm(firstSeconds(t))).as("after %d s", t).isFalse();
    }
    // 40–50 s brought back 281,670 outputs, 30–40 s 286,632: levelled off, and stayed so.
    assertThat(Rehearsal.warm(firstSeconds(60))).isTrue();
  }

  @Test
  void neverBeforeTheLeastItRunsNorWhileNothingComesOut() {
    List<Long> steady = new ArrayList<>();
    for (int t = 1; t <= 30; t++) {
      steady.add(1_000L * t);
      assertThat(Rehearsal.warm(steady)).as("%d s at a steady 1,000/s", t).isEqualTo(t >= 24);
    }
    // A job still speeding up (1,000 + 100 t outputs in second t) that stalls for 4 s: its last
    // windows look level for 2–3 s, not for the 5 it takes.
    List<Long> stall = new ArrayList<>();
    long sum = 0;
    for (int t = 1; t <= 30; t++) {
      sum += t >= 27 ? 0 : 1_000 + 100 * t;
      stall.add(sum);
      assertThat(Rehearsal.warm(stall)).as("rising, then stalled, %d s", t).isFalse();
    }
    List<Long> nothing = new ArrayList<>();
    for (int t = 1; t <= 40; t++) {
      nothing.add(0L);
    }
    assertThat(Rehearsal.warm(nothing)).as("a job that put out nothing yet").isFalse();
  }
}
