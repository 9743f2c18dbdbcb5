package io.fleetstream.routing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

  private static final Location HERE = new Location(43.73, 7.42);

  private static Job job(String id) {
    return Job.builder(id).stop(HERE, 60).build();
  }

  private static Driver driver(String id) {
    return Driver.builder(id).start(HERE).build();
  }

  @Test
  void rejectsDuplicateIds() {
    assertThatThrownBy(() -> Problem.builder().job(job("a")).job(job("a")).build())
        .hasMessageContaining("duplicate job id a");
    assertThatThrownBy(() -> Problem.builder().driver(driver("d")).driver(driver("d")).build())
        .hasMessageContaining("duplicate driver id d");
  }

  @Test
  void rejectsLocksThatNameUnknownThingsOrSplitAPair() {
    Job pair = Job.builder("p").pickup(HERE, 1).dropoff(new Location(43.74, 7.42), 1).build();

    assertThatThrownBy(
            () ->
                Problem.builder()
                    .driver(driver("d"))
                    .lock("d", List.of(StopRef.service("x")))
                    .build())
        .hasMessageContaining("unknown job x");
    assertThatThrownBy(
            () ->
                Problem.builder()
                    .job(job("a"))
                    .lock("ghost", List.of(StopRef.service("a")))
                    .build())
        .hasMessageContaining("unknown driver ghost");
    assertThatThrownBy(
            () ->
                Problem.builder()
                    .driver(driver("d"))
                    .job(pair)
                    .lock("d", List.of(StopRef.pickup("p")))
                    .build())
        .hasMessageContaining("without its dropoff");
    assertThatThrownBy(
            () ->
                Problem.builder()
                    .driver(driver("d"))
                    .job(job("a"))
                    .lock("d", List.of(StopRef.pickup("a")))
                    .build())
        .hasMessageContaining("no pickup");
  }

  @Test
  void skillsAreCaseInsensitive() {
    Driver d = Driver.builder("d").start(HERE).skills("Gas", " ELECTRIC").build();
    Job j = Job.builder("j").stop(HERE, 1).skills("gas", "Electric").build();

    assertThat(d.hasSkills(j.requiredSkills())).isTrue();
    assertThat(d.skills()).containsExactlyInAnyOrder("gas", "electric");
  }

  @Test
  void rejectsNonsenseValues() {
    assertThatThrownBy(() -> new TimeWindow(10, 5)).hasMessageContaining("start <= end");
    assertThatThrownBy(() -> Job.builder("j").stop(HERE, 1).priority(0).build())
        .hasMessageContaining("priority");
    assertThatThrownBy(() -> Job.builder("j").stop(HERE, -1).build())
        .hasMessageContaining("service time");
    assertThatThrownBy(() -> Job.builder("j").stop(HERE, 1).demand(-2).build())
        .hasMessageContaining("demand");
    assertThatThrownBy(() -> Stop.at(HERE, 1, TimeWindow.of(50, 60), TimeWindow.of(0, 10)))
        .hasMessageContaining("sorted");
    assertThatThrownBy(() -> new Location(Double.NaN, 1)).hasMessageContaining("finite");
  }

  @Test
  void listsEveryDistinctLocationOnce() {
    Problem p =
        Problem.builder()
            .driver(driver("d"))
            .job(job("a"))
            .job(Job.builder("b").stop(new Location(43.74, 7.43), 1).build())
            .build();

    assertThat(p.locations()).containsExactly(HERE, new Location(43.74, 7.43));
  }
}
