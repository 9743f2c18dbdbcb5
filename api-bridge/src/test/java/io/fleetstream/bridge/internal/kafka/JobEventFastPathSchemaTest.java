package io.fleetstream.bridge.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job fast path reads its patterns, lengths, ranges and array sizes from the schema file
 * ({@code SchemaLimits}); this proves the rest equal to it, so that tightening the job schema
 * cannot be bypassed silently: the fields it requires are exactly the ones the fast path insists
 * on, and every field a job event can carry is one the schema still allows.
 */
class JobEventFastPathSchemaTest {

  private static final JsonNode DEFS =
      read("io/fleetstream/schemas/json/common.schema.json").path("$defs");
  private static final JsonNode JOBS =
      read("io/fleetstream/schemas/json/fleetstream.jobs.v1.schema.json");

  @Test
  void requiredFieldsAreTheOnesTheFastPathInsistsOn() {
    assertThat(texts(DEFS.path("job").path("required")))
        .containsExactlyInAnyOrder("job_id", "location");
    assertThat(texts(DEFS.path("geoPoint").path("required")))
        .containsExactlyInAnyOrder("lat", "lng");
    assertThat(texts(DEFS.path("timeWindow").path("required")))
        .containsExactlyInAnyOrder("start", "end");
    assertThat(texts(DEFS.path("envelope").path("required")))
        .containsExactlyInAnyOrder(
            "specversion",
            "id",
            "source",
            "type",
            "time",
            "datacontenttype",
            "tenant",
            "partitionkey",
            "data");
  }

  @Test
  void everyFieldAJobEventCanCarryIsAllowedByTheSchema() {
    OffsetDateTime nine = OffsetDateTime.parse("2026-11-24T09:00:00+01:00");
    JobData full =
        new JobData(
            "job_1",
            "ext",
            new io.fleetstream.schemas.events.GeoPoint(1, 2, "addr"),
            5.0,
            2,
            List.of(new TimeWindow(nine, nine.plusHours(1))),
            List.of("s"),
            "t",
            "z");
    CloudEvent event =
        new CloudEvent(
            "1.0",
            "evt_1",
            "/api/v1",
            EventType.JOB_CREATED.type(),
            "job_1",
            Instant.parse("2026-11-24T08:00:00Z"),
            "application/json",
            "acct_1",
            "job_1",
            full);
    JsonNode json = EventJson.mapper().valueToTree(event);

    assertThat(names(json)).isSubsetOf(names(DEFS.path("envelope").path("properties")));
    assertThat(names(json.path("data")))
        .as("every JobData field written")
        .hasSize(9)
        .isSubsetOf(names(DEFS.path("job").path("properties")));
    assertThat(names(json.path("data").path("location")))
        .isSubsetOf(names(DEFS.path("geoPoint").path("properties")));
    assertThat(names(json.path("data").path("time_windows").get(0)))
        .isSubsetOf(names(DEFS.path("timeWindow").path("properties")));
  }

  @Test
  void theJobTypesTheFastPathTakesAreTheTopicsAndTheConstantsAreTheSchemas() {
    List<String> types = new ArrayList<>();
    JOBS.path("properties").path("type").path("enum").forEach(t -> types.add(t.asText()));
    assertThat(types).contains(EventType.JOB_CREATED.type(), EventType.JOB_UPDATED.type());
    assertThat(DEFS.path("envelope").path("properties").path("specversion").path("const").asText())
        .isEqualTo(CloudEvent.SPEC_VERSION);
    assertThat(
            DEFS.path("envelope").path("properties").path("datacontenttype").path("const").asText())
        .isEqualTo(CloudEvent.CONTENT_TYPE);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private static JsonNode read(String resource) {
    try (InputStream in =
        JobEventFastPathSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
