package io.fleetstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import java.util.Optional;

/**
 * Fuzz targets of the event contract. Under {@code ./mvnw verify} each runs its committed corpus
 * (src/test/resources/…/EventValidatorFuzzTestInputs/&lt;method&gt;/) as regression tests; with
 * {@code JAZZER_FUZZ=1} (see {@code bin/fleetstream fuzz}) Jazzer mutates from there, guided by
 * coverage. Seeds are the golden events and a few mutants of them, so the fuzzer starts deep inside
 * valid envelopes instead of spending its time learning JSON.
 */
class EventValidatorFuzzTest {

  private static final EventValidator VALIDATOR = EventValidator.create();

  /**
   * Any bytes on any topic (the envelope and every topic schema): a verdict, never an exception; a
   * rejection always says what and where; an accepted event belongs to the topic and, written back
   * with {@link EventJson}, is accepted again as the same event (what a consumer accepts, a
   * producer can re-publish — the DLQ replay and the bridge rely on it). The last byte of the input
   * picks the topic.
   */
  @FuzzTest(maxDuration = "60s")
  void anyRecordOnAnyTopic(FuzzedDataProvider data) {
    Topic topic = data.pickValue(Topic.values());
    byte[] value = data.consumeRemainingAsBytes();

    Validation verdict = VALIDATOR.validate(topic, value);

    // With and without the telemetry fast path: the same verdict, to the error code and path.
    assertThat(VALIDATOR.validateWithSchemaOnly(topic, value)).isEqualTo(verdict);
    if (verdict instanceof Validation.Invalid invalid) {
      assertThat(invalid.rejection().code()).isNotNull();
      assertThat(invalid.rejection().path()).isNotNull();
      assertThat(invalid.rejection().message()).isNotBlank();
      return;
    }
    CloudEvent event = ((Validation.Valid) verdict).event();
    assertThat(event.eventType().topic()).isEqualTo(topic);
    assertThat(VALIDATOR.validate(topic, EventJson.toBytes(event))).isEqualTo(verdict);
  }

  /**
   * The telemetry fast path, differentially: whatever it accepts, the JSON Schema path accepts too,
   * bound to an equal event; it never throws, whatever the bytes.
   */
  @FuzzTest(maxDuration = "60s")
  void telemetryFastPathNeverAcceptsWhatTheSchemaRejects(byte[] value) {
    Optional<CloudEvent> fast = TelemetryFastPath.accept(value);
    if (fast.isEmpty()) {
      return;
    }
    assertThat(VALIDATOR.validateWithSchemaOnly(Topic.TELEMETRY, value))
        .isEqualTo(new Validation.Valid(fast.get()));
  }
}
