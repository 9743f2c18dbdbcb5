package io.fleetstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantTextTest {

  @Test
  void instantsAreWrittenExactlyAsInstantToStringWrites() {
    Random random = new Random(23);
    long year0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long year10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      long seconds =
          switch (i % 4) {
            case 0 -> 1_700_000_000L + random.nextInt(200_000_000); // now-ish
            case 1 -> year0 + random.nextInt(1000) - 500; // around year 0 (signed years below it)
            case 2 -> year10000 + random.nextInt(1000) - 500; // around year 10000
            default -> random.nextLong() % 300_000_000_000L;
          };
      int nanos =
          switch (i % 5) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      assertThat(InstantText.format(instant)).as("%s", instant).isEqualTo(instant.toString());
    }
  }

  @Test
  void theMapperWritesInstantsAsJacksonsTimeModuleDid() throws Exception {
    ObjectMapper reference =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    for (Instant instant :
        new Instant[] {
          Instant.parse("2026-11-23T20:00:00Z"),
          Instant.parse("2026-11-23T20:00:00.120Z"),
          Instant.parse("2026-11-23T20:00:00.000123Z"),
          Instant.parse("2026-11-23T20:00:00.123456789Z")
        }) {
      assertThat(EventJson.toJson(instant)).isEqualTo(reference.writeValueAsString(instant));
      assertThat(EventJson.mapper().readValue(EventJson.toJson(instant), Instant.class))
          .isEqualTo(instant);
      assertThat(
              EventJson.smile()
                  .readValue(EventJson.smile().writeValueAsBytes(instant), Instant.class))
          .isEqualTo(instant);
    }
  }
}
