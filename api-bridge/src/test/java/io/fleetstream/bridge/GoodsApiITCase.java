package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.Load;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pickups, goods and vehicles through the real bridge and broker: written as version-2 events only
 * when used, shown back, kept by a PATCH that does not name them, and bad values named.
 */
class GoodsApiITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static RunningBridge bridge;
  static Api api;

  @BeforeAll
  static void start() {
    bridge = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
    api = bridge.api();
    api.checkAgainst(new OpenApiCheck(api.get("/.well-known/openapi.json").send().json()));
  }

  @AfterAll
  static void stop() {
    bridge.close();
  }

  @AfterEach
  void everyResponseMatchedTheOpenApiDocument() {
    assertThat(api.contractProblems()).isEmpty();
  }

  @Test
  void aPickupAndDeliveryJobIsAVersion2EventKeptByAPatchThatDoesNotNameIt() {
    String key = api.newKey("goods", 5);
    Api.Response created =
        api.post("/api/v1/jobs")
            .key(key)
            .json(
                """
                {"dropoff_lat": 37.8044, "dropoff_lng": -122.2712,
                 "pickup_lat": 37.7749, "pickup_lng": -122.4194, "pickup_address": "100 Pickup Way",
                 "pickup_window_start": "2027-06-18T15:00:00Z", "pickup_window_end": "2027-06-18T17:00:00Z",
                 "payload_items": [{"quantity": 2, "weight_kg": 40}], "tags": ["lift-gate"]}
                """)
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode job = created.json();
    String id = job.path("id").asText();
    assertThat(job.path("pickup").path("address").asText()).isEqualTo("100 Pickup Way");
    assertThat(job.path("pickup").path("window_end").asText()).isEqualTo("2027-06-18T17:00:00Z");
    assertThat(job.path("payload_items").get(0).path("weight_kg").asDouble()).isEqualTo(40);
    assertThat(job.path("tags").toString()).isEqualTo("[\"lift-gate\"]");

    Api.Response patched =
        api.patch("/api/v1/jobs/" + id).key(key).json("{\"priority\": 2}").send();
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().path("pickup").path("lat").asDouble()).isEqualTo(37.7749);
    assertThat(patched.json().path("payload_items")).hasSize(1);

    Api.Response plain =
        api.post("/api/v1/jobs")
            .key(key)
            .json("{\"dropoff_lat\": 37.8, \"dropoff_lng\": -122.27}")
            .send();
    assertThat(plain.json().path("pickup").isNull()).isTrue();

    List<CloudEvent> written = written(Topic.JOBS);
    assertThat(written)
        .filteredOn(e -> e.partitionkey().equals(id))
        .extracting(CloudEvent::type)
        .containsExactly("io.fleetstream.job.created.v2", "io.fleetstream.job.updated.v2");
    JobData last =
        written.stream()
            .filter(e -> e.partitionkey().equals(id))
            .reduce((a, b) -> b)
            .orElseThrow()
            .data(JobData.class);
    assertThat(last.load()).isEqualTo(new Load(80.0, null, 2));
    assertThat(last.priority()).isEqualTo(2);
    assertThat(written)
        .filteredOn(e -> e.partitionkey().equals(plain.json().path("id").asText()))
        .extracting(CloudEvent::type)
        .as("a job without the new fields stays a version-1 event")
        .containsExactly("io.fleetstream.job.created.v1");
  }

  @Test
  void aVanWithCapacityAndABreak() {
    String key = api.newKey("vans", 5);
    Api.Response created =
        api.post("/api/v1/drivers")
            .key(key)
            .json(
                """
                {"start_lat": 37.7858, "start_lng": -122.4065,
                 "vehicle": {"type": "cargo_van", "capacity": {"weight_kg": 1200, "count": 40}, "cost_per_km": 0.45},
                 "breaks": [{"window_start": "2027-06-18T19:00:00Z", "window_end": "2027-06-18T21:00:00Z", "minutes": 30}]}
                """)
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(created.json().path("vehicle").path("capacity").path("weight_kg").asDouble())
        .isEqualTo(1200);
    assertThat(created.json().path("breaks").get(0).path("minutes").asDouble()).isEqualTo(30);

    Api.Response renamed =
        api.patch("/api/v1/drivers/" + id).key(key).json("{\"name\": \"Val\"}").send();
    assertThat(renamed.json().path("vehicle").path("type").asText()).isEqualTo("cargo_van");

    DriverData written =
        written(Topic.DRIVERS).stream()
            .filter(e -> e.partitionkey().equals(id))
            .reduce((a, b) -> b)
            .orElseThrow()
            .data(DriverData.class);
    assertThat(written.vehicle().capacity()).isEqualTo(new Load(1200.0, null, 40));
    assertThat(written.breaks()).hasSize(1);
  }

  @Test
  void badValuesAreNamedAsTheApiNamesThem() {
    String key = api.newKey("bad-goods", 5);
    assertThat(
            badParam(
                key,
                "/api/v1/jobs",
                "{\"dropoff_lat\": 1, \"dropoff_lng\": 1, \"demand\": {\"weight_kg\": -5}}"))
        .isEqualTo("demand.weight_kg");
    assertThat(
            badParam(
                key, "/api/v1/jobs", "{\"dropoff_lat\": 1, \"dropoff_lng\": 1, \"demand\": {}}"))
        .isEqualTo("demand");
    assertThat(
            badParam(
                key, "/api/v1/jobs", "{\"dropoff_lat\": 1, \"dropoff_lng\": 1, \"pickup_lat\": 1}"))
        .isEqualTo("pickup_lng");
    assertThat(
            badParam(
                key,
                "/api/v1/jobs",
                "{\"dropoff_lat\": 1, \"dropoff_lng\": 1, \"payload_items\": [{\"quantity\": 0}]}"))
        .isEqualTo("payload_items[0].quantity");
    assertThat(
            badParam(
                key,
                "/api/v1/jobs",
                "{\"dropoff_lat\": 1, \"dropoff_lng\": 1, \"pickup_lat\": 1, \"pickup_lng\": 1,"
                    + " \"pickup_window_start\": \"2027-06-18T17:00:00Z\","
                    + " \"pickup_window_end\": \"2027-06-18T15:00:00Z\"}"))
        .isEqualTo("pickup_window_end");
    assertThat(
            badParam(
                key,
                "/api/v1/drivers",
                "{\"start_lat\": 1, \"start_lng\": 1, \"breaks\": [{\"window_start\": \"2027-06-18T19:00:00Z\","
                    + " \"window_end\": \"2027-06-18T21:00:00Z\", \"minutes\": 0}]}"))
        .isEqualTo("breaks[0].minutes");
    assertThat(
            badParam(
                key,
                "/api/v1/drivers",
                "{\"start_lat\": 1, \"start_lng\": 1, \"vehicle\": {\"capacity\": {\"weight_kg\": -1}}}"))
        .isEqualTo("vehicle.capacity.weight_kg");
  }

  private static String badParam(String key, String path, String body) {
    Api.Response r = api.post(path).key(key).json(body).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    JsonNode error = r.error();
    String param = error.path("param").asText();
    return param.isEmpty() ? error.path("details").findValuesAsText("param").get(0) : param;
  }

  private static List<CloudEvent> written(Topic topic) {
    try (EventConsumer consumer = new EventConsumer(KAFKA.bootstrapServers(), topic)) {
      return consumer.readToEnd(Duration.ofSeconds(30)).stream()
          .map(EventConsumer.Consumed::event)
          .filter(e -> e != null)
          .toList();
    }
  }
}
