package io.fleetstream.deploy.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A benchmark day is the same day for the same seed, and a day a planner can be judged on. */
class DayTest {

  private static final Duration TWENTY_MINUTES = Duration.ofMinutes(20);

  @Test
  void theSameSeedGivesTheSameDayAndAnotherSeedAnother() {
    assertThat(Day.generate(7, 30, 5, TWENTY_MINUTES))
        .isEqualTo(Day.generate(7, 30, 5, TWENTY_MINUTES))
        .isNotEqualTo(Day.generate(8, 30, 5, TWENTY_MINUTES));
  }

  @Test
  void jobsArriveInOrderOverTheDayAndTheirWindowsCloseBeforeTheHorizon() {
    Day day = Day.generate(3, 200, 10, TWENTY_MINUTES);

    assertThat(day.jobs()).hasSize(200);
    assertThat(day.drivers()).hasSize(10);
    Duration previous = Duration.ZERO;
    for (Day.Job job : day.jobs()) {
      assertThat(job.arrival()).isGreaterThanOrEqualTo(previous).isLessThan(TWENTY_MINUTES);
      previous = job.arrival();
      assertThat(job.window()).isBetween(Duration.ofMinutes(5), Duration.ofSeconds(800));
      assertThat(job.windowEnd().plus(job.service())).isLessThan(day.horizon());
      assertThat(job.service()).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(240));
      assertThat(job.priority()).isBetween(1, 5);
    }
    assertThat(day.jobs().get(199).arrival())
        .as("arrivals spread over the whole day")
        .isGreaterThan(Duration.ofMinutes(18));
  }

  @Test
  void everySkillAJobCanNeedIsHeldBySomeDriver() {
    Day day = Day.generate(11, 100, 3, TWENTY_MINUTES);

    Set<String> held = new HashSet<>();
    day.drivers().forEach(d -> held.addAll(d.skills()));
    Set<String> needed = new HashSet<>();
    day.jobs().forEach(j -> needed.addAll(j.skills()));
    assertThat(needed).isNotEmpty();
    assertThat(held).containsAll(needed);
  }

  @Test
  void aDayWithoutJobsOrDriversOrTimeIsRefused() {
    assertThatThrownBy(() -> Day.generate(1, 0, 3, TWENTY_MINUTES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Day.generate(1, 3, 0, TWENTY_MINUTES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Day.generate(1, 3, 3, Duration.ofSeconds(30)))
        .hasMessageContaining("1m");
  }
}
