package io.fleetstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The fast paths' limits are read from common.schema.json: these are the values the schema states
 * today, and a limit the schema does not state fails loudly instead of becoming "no limit".
 */
class SchemaLimitsTest {

  @Test
  void readsNumberRangesWithTheirExclusiveBounds() {
    assertThat(SchemaLimits.range("telemetry", "lat"))
        .isEqualTo(new SchemaLimits.Range(-90, false, 90, false));
    assertThat(SchemaLimits.range("telemetry", "heading_deg"))
        .isEqualTo(new SchemaLimits.Range(0, false, 360, true));
    assertThat(SchemaLimits.range("telemetry", "heading_deg").contains(360)).isFalse();
    assertThat(SchemaLimits.range("telemetry", "heading_deg").contains(Double.NaN)).isFalse();
    assertThat(SchemaLimits.range("job", "priority"))
        .isEqualTo(new SchemaLimits.Range(1, false, 5, false));
  }

  @Test
  void readsLengthsPatternsAndArraySizes() {
    assertThat(SchemaLimits.length("envelope", "id")).isEqualTo(new SchemaLimits.Length(1, 256));
    assertThat(SchemaLimits.length("envelope", "subject"))
        .isEqualTo(new SchemaLimits.Length(0, 256));
    assertThat(SchemaLimits.pattern("tenant")).isEqualTo("^[A-Za-z0-9_.-]{1,64}$");
    assertThat(SchemaLimits.maxItems("job", "time_windows")).isEqualTo(16);
    assertThat(SchemaLimits.maxItems("skills")).isEqualTo(64);
    assertThat(SchemaLimits.itemLength("skills")).isEqualTo(new SchemaLimits.Length(1, 64));
  }

  @Test
  void aLimitTheSchemaDoesNotStateIsAnErrorNotNoLimit() {
    assertThatThrownBy(() -> SchemaLimits.range("telemetry", "driver_id"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("telemetry.driver_id");
    assertThatThrownBy(() -> SchemaLimits.length("telemetry", "no_such_field"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SchemaLimits.pattern("geoPoint"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theTelemetryCharacterTablesAcceptOnlyTheirPatternsShape() {
    assertThat(TelemetryStrings.CharRun.of("^[a-c]{1,3}$").matches("abc")).isTrue();
    assertThat(TelemetryStrings.CharRun.of("^[a-c]{1,3}$").matches("abcd")).isFalse();
    assertThatThrownBy(() -> TelemetryStrings.CharRun.of("^[a-c]+$"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> TelemetryStrings.CharRun.of("^[a-cé]{1,3}$"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ASCII");
  }
}
