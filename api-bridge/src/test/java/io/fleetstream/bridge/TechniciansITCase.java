package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seed 001's technicians through the real bridge and broker: an upsert by external id creates a
 * driver once and changes it after, even when two first calls race; the list shows drivers on shift
 * only.
 */
class TechniciansITCase {

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
  void anUpsertByExternalIdCreatesOnceThenChangesWhatItNames() {
    String key = api.newKey("fsm-sync", 5);
    Api.Response created =
        api.post("/api/v1/technicians")
            .key(key)
            .json(
                "{\"external_id\": \"st-1\", \"name\": \"Ana\", \"start_lat\": 43.73, \"start_lng\": 7.42, \"skills\": [\"hvac\"]}")
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().path("id").asText();

    Api.Response updated =
        api.post("/api/v1/technicians")
            .key(key)
            .json("{\"external_id\": \"st-1\", \"skills\": [\"hvac\", \"gas\"]}")
            .send();
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().path("id").asText()).isEqualTo(id);
    assertThat(updated.json().path("name").asText()).as("fields not named stay").isEqualTo("Ana");
    assertThat(updated.json().path("skills").toString()).isEqualTo("[\"hvac\",\"gas\"]");
    assertThat(api.get("/api/v1/drivers/" + id).key(key).send().status()).isEqualTo(200);

    Api.Response missing =
        api.post("/api/v1/technicians").key(key).json("{\"name\": \"no id\"}").send();
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.error().path("param").asText()).isEqualTo("external_id");
    Api.Response newWithoutStart =
        api.post("/api/v1/technicians").key(key).json("{\"external_id\": \"st-2\"}").send();
    assertThat(newWithoutStart.status()).isEqualTo(400);
    assertThat(newWithoutStart.error().path("details").findValuesAsText("param"))
        .containsExactly("start_lat", "start_lng");
  }

  @Test
  void twoFirstUpsertsRacingMakeOneDriverAndTheListShowsOnlyThoseOnShift() throws Exception {
    String key = api.newKey("fsm-race", 5);
    String body = "{\"external_id\": \"st-race\", \"start_lat\": 43.73, \"start_lng\": 7.42}";
    var first =
        CompletableFuture.supplyAsync(
            () -> api.post("/api/v1/technicians").key(key).json(body).send());
    var second =
        CompletableFuture.supplyAsync(
            () -> api.post("/api/v1/technicians").key(key).json(body).send());
    String a = first.get().json().path("id").asText();
    assertThat(second.get().json().path("id").asText()).isEqualTo(a);
    List<String> named = new ArrayList<>();
    api.get("/api/v1/drivers?limit=100")
        .key(key)
        .send()
        .json()
        .path("data")
        .forEach(
            d -> {
              if (d.path("external_id").asText().equals("st-race")) {
                named.add(d.path("id").asText());
              }
            });
    assertThat(named).as("one driver for the technician").containsExactly(a);

    String resting =
        api.post("/api/v1/technicians")
            .key(key)
            .json("{\"external_id\": \"st-rest\", \"start_lat\": 43.73, \"start_lng\": 7.42}")
            .send()
            .json()
            .path("id")
            .asText();
    api.post("/api/v1/drivers/" + resting + "/shift/end").key(key).json("{}").send();
    JsonNode list = api.get("/api/v1/technicians").key(key).send().json();
    List<String> ids = new ArrayList<>();
    list.path("data").forEach(d -> ids.add(d.path("id").asText()));
    assertThat(ids).contains(a).doesNotContain(resting);
  }
}
