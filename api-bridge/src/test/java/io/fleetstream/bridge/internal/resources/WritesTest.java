package io.fleetstream.bridge.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WritesTest {

  @Test
  void anEventPointerBecomesTheApiFieldTheClientSent() {
    assertThat(Writes.fieldOf("/data/location/lat", JobResource.FIELDS)).isEqualTo("dropoff_lat");
    assertThat(Writes.fieldOf("/data/time_windows/0/end", JobResource.FIELDS))
        .isEqualTo("window_end");
    assertThat(Writes.fieldOf("/data/shift/start", DriverResource.FIELDS)).isEqualTo("shift_start");
    assertThat(Writes.fieldOf("/data/skills/2", JobResource.FIELDS)).isEqualTo("skills[2]");
    assertThat(Writes.fieldOf("/data/options/seed", java.util.Map.of())).isEqualTo("options.seed");
    assertThat(Writes.fieldOf("/tenant", JobResource.FIELDS)).isNull();
  }
}
