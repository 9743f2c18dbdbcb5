package io.fleetstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.schemas.json.EventJson;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Validation;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event type has a golden example that validates and survives a JSON round trip unchanged.
 */
class GoldenEventsTest {

  private static final EventValidator VALIDATOR = EventValidator.create();

  static Stream<EventType> eventTypes() {
    return Arrays.stream(EventType.values());
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void goldenExampleIsValidAndRoundTripsUnchanged(EventType type) throws IOException {
    byte[] golden = golden(type);

    Validation result = VALIDATOR.validate(type.topic(), golden);

    assertThat(result).as("%s: %s", type, result).isInstanceOf(Validation.Valid.class);
    CloudEvent event = ((Validation.Valid) result).event();
    assertThat(event.eventType()).isEqualTo(type);
    assertThat(event.data()).isInstanceOf(type.dataClass());

    JsonNode original = EventJson.mapper().readTree(golden);
    JsonNode written = EventJson.mapper().readTree(EventJson.toBytes(event));
    assertThat(original.equals(NUMERIC_AWARE, written))
        .as("round trip of %s%nexpected %s%nbut was  %s", type, original, written)
        .isTrue();
  }

  @Test
  void kafkaKeyIsTenantSlashPartitionKey() throws IOException {
    CloudEvent event = EventJson.readEvent(golden(EventType.JOB_CREATED));

    assertThat(event.kafkaKey()).isEqualTo("acct_demo/job_a1");
  }

  @Test
  void producersCannotWriteAnEventThatBreaksTheContract() {
    var bad =
        new io.fleetstream.schemas.events.TelemetryData(
            "drv_1", 123.0, 7.0, null, null, null, java.time.Instant.parse("2026-05-08T16:00:00Z"));
    CloudEvent event =
        CloudEvent.create(EventType.TELEMETRY_PING, "/test", "acct_demo", "drv_1", bad);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> VALIDATOR.serializeChecked(event))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OUT_OF_RANGE")
        .hasMessageContaining("/data/lat");
  }

  static byte[] golden(EventType type) throws IOException {
    // Version 1 is the plain name (job.created.json); later versions say theirs
    // (job.created.v2.json).
    String name = type.type().substring("io.fleetstream.".length()).replaceAll("\\.v1$", "");
    try (InputStream in =
        GoldenEventsTest.class.getResourceAsStream("/golden/valid/" + name + ".json")) {
      assertThat(in).as("golden example for %s", type).isNotNull();
      return in.readAllBytes();
    }
  }

  /** 5 and 5.0 are the same JSON number; the records keep decimals as doubles. */
  private static final Comparator<JsonNode> NUMERIC_AWARE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
      };
}
