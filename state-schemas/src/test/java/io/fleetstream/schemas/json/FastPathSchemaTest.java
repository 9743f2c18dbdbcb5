package io.fleetstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the telemetry fast path takes from the schema by construction ({@link SchemaLimits}: number
 * ranges, lengths, the tenant and entity id patterns) needs no test; this one proves the rest equal
 * to the schema files, so that tightening the schema cannot be bypassed silently: the required
 * fields, the field names it knows (the schema forbids all others), and the constants.
 */
class FastPathSchemaTest {

  private static final JsonNode COMMON = read("io/fleetstream/schemas/json/common.schema.json");
  private static final JsonNode TELEMETRY =
      read("io/fleetstream/schemas/json/fleetstream.telemetry.v1.schema.json");

  @Test
  void theEnvelopeFieldsTheFastPathKnowsAndRequiresAreTheSchemas() {
    JsonNode envelope = COMMON.path("$defs").path("envelope");
    for (String name : names(envelope.path("properties"))) {
      assertThat(TelemetryFastPath.envelopeField(name))
          .as("the fast path reads envelope field %s", name)
          .isNotZero();
    }
    int required = 0;
    for (JsonNode name : envelope.path("required")) {
      required |= TelemetryFastPath.envelopeField(name.asText());
    }
    assertThat(TelemetryFastPath.REQUIRED).as("required envelope fields").isEqualTo(required);
  }

  @Test
  void theTelemetryDataFieldsTheFastPathKnowsAndRequiresAreTheSchemas() {
    JsonNode data = COMMON.path("$defs").path("telemetry");
    List<String> known = names(data.path("properties"));
    for (String name : known) {
      assertThat(TelemetryDataReader.dataField(name))
          .as("the fast path reads data field %s", name)
          .isNotZero();
    }
    assertThat(TelemetryDataReader.dataField("no_such_field")).isZero();
    int required = 0;
    for (JsonNode name : data.path("required")) {
      required |= TelemetryDataReader.dataField(name.asText());
    }
    assertThat(TelemetryDataReader.REQUIRED).as("required data fields").isEqualTo(required);
    assertThat(data.path("additionalProperties").asBoolean(true))
        .as("the fast path declines unknown fields")
        .isFalse();
  }

  @Test
  void theConstantsTheFastPathComparesWithAreTheSchemas() {
    JsonNode properties = COMMON.path("$defs").path("envelope").path("properties");
    assertThat(properties.path("specversion").path("const").asText())
        .isEqualTo(CloudEvent.SPEC_VERSION);
    assertThat(properties.path("datacontenttype").path("const").asText())
        .isEqualTo(CloudEvent.CONTENT_TYPE);
    assertThat(TELEMETRY.path("properties").path("type").path("enum"))
        .extracting(JsonNode::asText)
        .containsExactly(EventType.TELEMETRY_PING.type());
  }

  private static List<String> names(JsonNode properties) {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    assertThat(names).isNotEmpty();
    return names;
  }

  private static JsonNode read(String resource) {
    try (InputStream in = FastPathSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
