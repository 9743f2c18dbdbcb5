package io.fleetstream.jobs.internal.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  /**
   * Ids written before must be the ids derived now: a replay after an upgrade still de-duplicates.
   */
  @Test
  void idsAreTheNameBasedUuidsOfTheirCause() {
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      String cause = "p" + random.nextInt(1000) + "_" + random.nextLong();
      String job = "job_" + random.nextInt() + (i % 7 == 0 ? "é✓" : "");
      String expected =
          "evt_"
              + UUID.nameUUIDFromBytes(
                      (cause + "|" + job + "|eta").getBytes(StandardCharsets.UTF_8))
                  .toString()
                  .replace("-", "");
      assertThat(EventIds.derived(cause, job, "eta")).isEqualTo(expected);
    }
  }

  @Test
  void differentCausesGiveDifferentIds() {
    assertThat(EventIds.derived("p1_1", "job_1", "eta"))
        .isNotEqualTo(EventIds.derived("p1_2", "job_1", "eta"))
        .isNotEqualTo(EventIds.derived("p1_1", "job_2", "eta"))
        .matches("evt_[0-9a-f]{32}");
  }
}
