package io.fleetstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each wither changes its own setting and keeps every other one. */
class DispatchJobConfigTest {

  @Test
  void eachWitherChangesOnlyItsSetting() {
    DispatchJobConfig base =
        DispatchJobConfig.defaults()
            .withCheckpointDir(Path.of("checkpoints"))
            .withStateWorkDir(Path.of("work"))
            .withRoadDataDir(Path.of("roads"));

    DispatchJobConfig changed = base.withCheckpointInterval(Duration.ofSeconds(2));
    DispatchJobConfig moved = base.withStateWorkDir(Path.of("elsewhere"));
    DispatchJobConfig off = base.withReoptimization(DispatchJobConfig.Reoptimization.off());

    assertThat(changed.checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(changed)
        .usingRecursiveComparison()
        .ignoringFields("checkpointInterval")
        .isEqualTo(base);
    assertThat(moved.stateWorkDir()).isEqualTo(Path.of("elsewhere"));
    assertThat(moved).usingRecursiveComparison().ignoringFields("stateWorkDir").isEqualTo(base);
    assertThat(off.reoptimization()).isEqualTo(DispatchJobConfig.Reoptimization.off());
    assertThat(off).usingRecursiveComparison().ignoringFields("reoptimization").isEqualTo(base);
    assertThat(base.checkpointDir()).isEqualTo(Path.of("checkpoints"));
    assertThat(base.roadMap()).isNotNull();
  }
}
