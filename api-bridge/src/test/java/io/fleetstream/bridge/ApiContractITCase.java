package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.routing.geocode.AddressQuery;
import io.fleetstream.routing.geocode.Geocoded;
import io.fleetstream.routing.geocode.Geocoder;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's contract through a real bridge and a real broker (no dispatch job here): resources,
 * auth, tenants, the error model, idempotency, rate limits and metering.
 */
class ApiContractITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static RunningBridge bridge;
  static Api api;

  @BeforeAll
  static void start() {
    bridge =
        RunningBridge.start(
            KAFKA.bootstrapServers(),
            RunningBridge.tempDir(),
            c ->
                c.withSyncOptimizeTimeout(Duration.ofSeconds(3))
                    .withAllowPrivateWebhookTargets(true));
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
  void theOpenApiDocumentDescribesExactlyTheLiveRoutes() {
    Api.Response doc = api.get("/.well-known/openapi.json").send();
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.json().path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(doc.header("X-Schema-Version"))
        .isEqualTo(doc.json().path("info").path("version").asText());
    assertThat(new OpenApiCheck(doc.json()).operations())
        .containsExactlyInAnyOrderElementsOf(bridge.bridge().routes());
  }

  static final String SEED_JOB =
      """
      {
        "external_id": "order-1234",
        "dropoff_lat": 37.7749,
        "dropoff_lng": -122.4194,
        "dropoff_address": "123 Mission St, SF, CA",
        "service_minutes": 5,
        "priority": 1,
        "window_start": "2026-05-08T09:00:00-07:00",
        "window_end":   "2026-05-08T17:00:00-07:00"
      }""";

  static final String SEED_DRIVER =
      """
      {
        "external_id": "emp-42",
        "name": "D. Driver",
        "phone": "+14155550001",
        "start_lat": 37.7858,
        "start_lng": -122.4065,
        "max_concurrent_jobs": 8
      }""";

  @Test
  void signupGivesAKeyThatReadsItsAccount() {
    Api.Response signup =
        api.post("/api/v1/agent_signup")
            .json(
                "{\"agent_id\": \"my-bot-v1\", \"contact\": \"ops@example.com\", \"prepay_usd\": 10}")
            .send();
    assertThat(signup.status()).as(signup.toString()).isEqualTo(201);
    String key = signup.json().path("api_key").asText();
    assertThat(key).startsWith("ork_live_");
    assertThat(signup.json().path("balance_usd").decimalValue())
        .as("prepay_usd creates no balance")
        .isEqualByComparingTo("0");
    assertThat(signup.json().path("requested_top_up_usd").decimalValue())
        .isEqualByComparingTo("10");
    assertThat(signup.json().path("rate_per_optimize").decimalValue())
        .isEqualByComparingTo("0.001");

    Api.Response account = api.get("/api/v1/account").key(key).send();
    assertThat(account.status()).isEqualTo(200);
    assertThat(account.json().path("id").asText()).startsWith("acct_");
    assertThat(account.json().path("balance_usd").decimalValue()).isEqualByComparingTo("0");
    assertThat(account.json().path("balance_own").decimalValue()).isEqualByComparingTo("0");
    assertThat(account.json().path("requested_top_up_usd").decimalValue())
        .isEqualByComparingTo("10");
    assertThat(account.json().path("top_up_url").asText())
        .contains(account.json().path("id").asText());
    assertThat(account.json().path("limits").path("rpm").asInt()).isEqualTo(60);
    assertThat(account.json().path("limits").path("burst").asInt()).isEqualTo(240);
    assertThat(account.json().path("limits").path("max_jobs_per_optimize").asInt()).isEqualTo(1000);
    assertThat(account.header("X-Schema-Version")).isNotBlank();
    assertThat(account.header("X-RateLimit-Limit")).isEqualTo("60");
    assertThat(account.header("X-RateLimit-Burst")).isEqualTo("240");
    assertThat(Integer.parseInt(account.header("X-RateLimit-Remaining"))).isBetween(200, 239);
    assertThat(Long.parseLong(account.header("X-RateLimit-Reset")))
        .isGreaterThan(System.currentTimeMillis() / 1000 - 1);
  }

  /** The answer to {@code call} once the bridge has read its map's addresses (503 before). */
  private static Api.Response onceTheMapIsRead(java.util.function.Supplier<Api.Response> call) {
    return Awaitility.await("the map's addresses are read at start-up")
        .atMost(Duration.ofSeconds(30))
        .until(call::get, r -> r.status() != 503);
  }

  /** Where the bridge's map (the embedded extract) places an address, read on its own. */
  private static Geocoded onTheMap(String line, String postalCode) {
    return Geocoder.builder()
        .osmFile(RoadNetwork.embeddedMap(RunningBridge.tempDir()))
        .build()
        .find(new AddressQuery(line, null, postalCode))
        .orElseThrow();
  }

  @Test
  void aJobSentWithAnAddressOnlyIsPlacedOnTheStacksMap() {
    String key = api.newKey("address-bot", 10);
    Api.Response created =
        onceTheMapIsRead(
            () ->
                api.post("/api/v1/jobs")
                    .key(key)
                    .json("{\"dropoff_address\": \"15 av. de Monte-Carlo, 98000 Monaco\"}")
                    .send());

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Geocoded expected = onTheMap("15 Avenue de Monte-Carlo", "98000");
    assertThat(created.json().path("dropoff_lat").asDouble()).isEqualTo(expected.lat());
    assertThat(created.json().path("dropoff_lng").asDouble()).isEqualTo(expected.lng());
    assertThat(created.json().path("dropoff_address").asText())
        .as("the caller's words are kept")
        .isEqualTo("15 av. de Monte-Carlo, 98000 Monaco");
    assertThat(created.json().path("geocoded").path("dropoff").path("precision").asText())
        .isEqualTo("address");

    Api.Response unknown =
        api.post("/api/v1/jobs")
            .key(key)
            .json("{\"dropoff_address\": \"123 Mission St, SF, CA\"}")
            .send();
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
    assertThat(unknown.json().path("error").path("param").asText()).isEqualTo("dropoff_address");
    assertThat(unknown.json().path("error").path("message").asText())
        .contains("monaco-latest.osm.pbf");
  }

  @Test
  void geocodeAnswersWhereTheMapPlacesAnAddressAndNamesTheFieldWhenItCannot() {
    String key = api.newKey("geocode-bot", 10);
    Api.Response found =
        onceTheMapIsRead(
            () ->
                api.get("/api/v1/geocode?address=15+av.+de+Monte-Carlo&postal_code=98000")
                    .key(key)
                    .send());

    assertThat(found.status()).as(found.toString()).isEqualTo(200);
    Geocoded expected = onTheMap("15 Avenue de Monte-Carlo", "98000");
    assertThat(found.json().path("lat").asDouble()).isEqualTo(expected.lat());
    assertThat(found.json().path("lng").asDouble()).isEqualTo(expected.lng());
    assertThat(found.json().path("precision").asText()).isEqualTo("address");
    assertThat(found.json().path("map").asText()).isEqualTo("monaco-latest.osm.pbf");

    Api.Response unknown = api.get("/api/v1/geocode?address=123+Mission+St").key(key).send();
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
    assertThat(unknown.json().path("error").path("param").asText()).isEqualTo("address");

    Api.Response missing = api.get("/api/v1/geocode?city=Monaco").key(key).send();
    assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
    assertThat(missing.json().path("error").path("param").asText()).isEqualTo("address");
  }

  @Test
  void aDriverSentWithAddressesStartsAndEndsWhereTheMapPlacesThem() {
    String key = api.newKey("driver-address-bot", 10);
    Api.Response created =
        onceTheMapIsRead(
            () ->
                api.post("/api/v1/drivers")
                    .key(key)
                    .json(
                        "{\"name\": \"Ana\", \"start_address\": \"11 rue du Portier\","
                            + " \"end_address\": \"15 av. de Monte-Carlo\"}")
                    .send());

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Geocoded start = onTheMap("11 Rue du Portier", null);
    Geocoded end = onTheMap("15 Avenue de Monte-Carlo", null);
    assertThat(created.json().path("start_lat").asDouble()).isEqualTo(start.lat());
    assertThat(created.json().path("end_lng").asDouble()).isEqualTo(end.lng());
    assertThat(created.json().path("geocoded").path("end").path("precision").asText())
        .isEqualTo("address");

    String id = created.json().path("id").asText();
    JsonNode read = api.get("/api/v1/drivers/" + id).key(key).send().json();
    assertThat(read.path("start_address").asText())
        .as("the driver keeps the address it was sent as")
        .isEqualTo("11 rue du Portier");
    assertThat(read.path("end_lat").asDouble()).isEqualTo(end.lat());

    Api.Response moved =
        api.patch("/api/v1/drivers/" + id)
            .key(key)
            .json("{\"start_address\": \"123 Mission St, SF, CA\"}")
            .send();
    assertThat(moved.status()).as(moved.toString()).isEqualTo(400);
    assertThat(moved.json().path("error").path("param").asText()).isEqualTo("start_address");
    assertThat(api.get("/api/v1/drivers/" + id).key(key).send().json().path("start_lat").asDouble())
        .as("a refused change changes nothing")
        .isEqualTo(start.lat());
  }

  @Test
  void aJobWrittenThroughTheApiIsOnTheTopicAndReadBack() {
    String key = api.newKey("jobs-bot", 10);
    Api.Response created = api.post("/api/v1/jobs").key(key).json(SEED_JOB).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(id).startsWith("job_");
    assertThat(created.json().path("status").asText()).isEqualTo("pending");
    assertThat(created.json().path("window_start").asText()).isEqualTo("2026-05-08T09:00:00-07:00");

    JsonNode read = api.get("/api/v1/jobs/" + id).key(key).send().json();
    assertThat(read.path("dropoff_address").asText()).isEqualTo("123 Mission St, SF, CA");
    assertThat(read.path("service_minutes").asDouble()).isEqualTo(5.0);

    Api.Response patched =
        api.patch("/api/v1/jobs/" + id).key(key).json("{\"priority\": 2}").send();
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().path("priority").asInt()).isEqualTo(2);
    assertThat(patched.json().path("dropoff_lat").asDouble()).isEqualTo(37.7749);

    Api.Response cancelled =
        api.post("/api/v1/jobs/" + id + "/cancel")
            .key(key)
            .json("{\"reason\": \"customer rescheduled\"}")
            .send();
    assertThat(cancelled.json().path("status").asText()).isEqualTo("cancelled");
    Api.Response again = api.post("/api/v1/jobs/" + id + "/cancel").key(key).send();
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.error().path("code").asText()).isEqualTo("conflict");

    List<String> onTopic = eventsOnTopic(Topic.JOBS, id);
    assertThat(onTopic)
        .containsExactly(
            EventType.JOB_CREATED.type(),
            EventType.JOB_UPDATED.type(),
            EventType.JOB_CANCELLED.type());
  }

  @Test
  void driversHaveTheirWholeLifecycle() {
    String key = api.newKey("drivers-bot", 10);
    Api.Response created = api.post("/api/v1/drivers").key(key).json(SEED_DRIVER).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(id).startsWith("drv_");
    assertThat(
            api.patch("/api/v1/drivers/" + id)
                .key(key)
                .json("{\"skills\": [\"hvac\"]}")
                .send()
                .json()
                .path("skills")
                .get(0)
                .asText())
        .isEqualTo("hvac");
    assertThat(api.get("/api/v1/drivers").key(key).send().json().path("data")).hasSize(1);
    assertThat(
            api.delete("/api/v1/drivers/" + id).key(key).send().json().path("deleted").asBoolean())
        .isTrue();
    assertThat(api.get("/api/v1/drivers/" + id).key(key).send().status()).isEqualTo(404);
    assertThat(api.get("/api/v1/drivers").key(key).send().json().path("data")).isEmpty();
  }

  @Test
  void listsPageWithACursor() {
    String key = api.newKey("pager", 10);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          api.post("/api/v1/jobs")
              .key(key)
              .json("{\"dropoff_lat\": 43.73, \"dropoff_lng\": 7.42}")
              .send()
              .json()
              .path("id")
              .asText());
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          api.get("/api/v1/jobs?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
              .key(key)
              .send()
              .json();
      page.path("data").forEach(j -> seen.add(j.path("id").asText()));
      cursor = page.path("has_more").asBoolean() ? page.path("next_cursor").asText() : null;
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
    Api.Response badLimit = api.get("/api/v1/jobs?limit=500").key(key).send();
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.error().path("param").asText()).isEqualTo("limit");
  }

  @Test
  void everyAuthFailureSaysWhy() {
    String key = api.newKey("auth-bot", 1);
    assertThat(reason(api.get("/api/v1/account").send())).isEqualTo("missing");
    assertThat(reason(api.get("/api/v1/account").header("Authorization", "Token abc").send()))
        .isEqualTo("invalid_scheme");
    assertThat(reason(api.get("/api/v1/account").header("Authorization", "Basic abc").send()))
        .as("Basic credentials that are not base64 of user:key")
        .isEqualTo("malformed");
    assertThat(reason(api.get("/api/v1/account").key("ork_live_short").send()))
        .isEqualTo("malformed");
    assertThat(reason(api.get("/api/v1/account").key("ork_live_" + "0".repeat(32)).send()))
        .isEqualTo("unknown");

    Api.Response second = api.post("/api/v1/api_keys").key(key).json("{\"name\": \"ci\"}").send();
    assertThat(second.status()).isEqualTo(201);
    String secondKey = second.json().path("key").asText();
    assertThat(api.get("/api/v1/account").key(secondKey).send().status()).isEqualTo(200);
    assertThat(api.get("/api/v1/api_keys").key(key).send().json().path("data"))
        .hasSize(2)
        .allSatisfy(
            k -> assertThat(k.has("key")).as("a listed key never shows the secret").isFalse());
    assertThat(
            api.delete("/api/v1/api_keys/" + second.json().path("id").asText())
                .key(key)
                .send()
                .status())
        .isEqualTo(200);
    Api.Response revoked = api.get("/api/v1/account").key(secondKey).send();
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.error().path("code").asText()).isEqualTo("unauthorized");
    assertThat(reason(revoked)).isEqualTo("revoked");
  }

  private static String reason(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(401);
    return r.error().path("reason").asText();
  }

  @Test
  void anotherTenantCannotReadChangeOrDetectResources() {
    String owner = api.newKey("owner", 10);
    String other = api.newKey("other", 10);
    String job =
        api.post("/api/v1/jobs").key(owner).json(SEED_JOB).send().json().path("id").asText();
    String driver =
        api.post("/api/v1/drivers").key(owner).json(SEED_DRIVER).send().json().path("id").asText();
    String hook =
        api.post("/api/v1/webhook_endpoints")
            .key(owner)
            .json("{\"url\": \"https://example.com/hooks\"}")
            .send()
            .json()
            .path("id")
            .asText();
    String missing = "job_" + "0".repeat(26);

    for (Api.Call call :
        List.of(
            api.get("/api/v1/jobs/" + job),
                api.patch("/api/v1/jobs/" + job).json("{\"priority\": 5}"),
            api.post("/api/v1/jobs/" + job + "/cancel"), api.get("/api/v1/drivers/" + driver),
            api.patch("/api/v1/drivers/" + driver).json("{\"name\": \"x\"}"),
                api.delete("/api/v1/drivers/" + driver),
            api.get("/api/v1/webhook_endpoints/" + hook),
                api.delete("/api/v1/webhook_endpoints/" + hook))) {
      Api.Response r = call.key(other).send();
      assertThat(r.status()).as(r.toString()).isEqualTo(404);
      assertThat(r.error().path("code").asText()).isEqualTo("not_found");
    }
    // Someone else's id reads exactly like an id that does not exist (nothing to detect).
    String foreign =
        api.get("/api/v1/jobs/" + job).key(other).send().error().path("message").asText();
    String absent =
        api.get("/api/v1/jobs/" + missing).key(other).send().error().path("message").asText();
    assertThat(foreign.replace(job, "ID")).isEqualTo(absent.replace(missing, "ID"));
    assertThat(api.get("/api/v1/jobs").key(other).send().json().path("data")).isEmpty();
    Api.Response optimize =
        api.post("/api/v1/optimize")
            .key(other)
            .json("{\"job_ids\": [\"" + job + "\"], \"driver_ids\": [\"" + driver + "\"]}")
            .send();
    assertThat(optimize.status()).isEqualTo(404);
    assertThat(optimize.error().path("param").asText()).isEqualTo("job_ids[0]");
    // And the owner's resources are unchanged.
    assertThat(api.get("/api/v1/jobs/" + job).key(owner).send().json().path("status").asText())
        .isEqualTo("pending");
    assertThat(api.get("/api/v1/drivers/" + driver).key(owner).send().status()).isEqualTo(200);
  }

  @Test
  void idempotencyReplaysTheSameWriteAndRefusesReuseAndConcurrency() throws Exception {
    String key = api.newKey("idem-bot", 10);
    Api.Response first =
        api.post("/api/v1/jobs").key(key).idempotencyKey("order-1234").json(SEED_JOB).send();
    Api.Response replay =
        api.post("/api/v1/jobs").key(key).idempotencyKey("order-1234").json(SEED_JOB).send();
    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.raw().body()).isEqualTo(first.raw().body());
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(api.get("/api/v1/jobs").key(key).send().json().path("data")).hasSize(1);
    assertThat(eventsOnTopic(Topic.JOBS, first.json().path("id").asText())).hasSize(1);
    assertThat(
            api.get("/api/v1/account").key(key).send().json().path("usage").path("writes").asInt())
        .isEqualTo(1);

    Api.Response reused =
        api.post("/api/v1/jobs")
            .key(key)
            .idempotencyKey("order-1234")
            .json(SEED_JOB.replace("order-1234", "order-9999"))
            .send();
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.error().path("code").asText()).isEqualTo("idempotency_key_reused");

    // Another account may use the same key: keys are scoped per account.
    String other = api.newKey("idem-other", 10);
    assertThat(
            api.post("/api/v1/jobs")
                .key(other)
                .idempotencyKey("order-1234")
                .json(SEED_JOB)
                .send()
                .status())
        .isEqualTo(201);

    // A synchronous optimize waits for its plan (no dispatch job answers here): the key is in use
    // meanwhile.
    String job = first.json().path("id").asText();
    String driver =
        api.post("/api/v1/drivers").key(key).json(SEED_DRIVER).send().json().path("id").asText();
    String body = "{\"job_ids\": [\"" + job + "\"], \"driver_ids\": [\"" + driver + "\"]}";
    CompletableFuture<Api.Response> slow =
        CompletableFuture.supplyAsync(
            () -> api.post("/api/v1/optimize").key(key).idempotencyKey("opt-1").json(body).send());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              Api.Response r =
                  api.post("/api/v1/optimize").key(key).idempotencyKey("opt-1").json(body).send();
              return r.status() == 409
                  && r.error().path("code").asText().equals("idempotency_key_in_use");
            });
    Api.Response accepted = slow.get();
    assertThat(accepted.status()).as("no plan within the sync timeout").isEqualTo(202);
    assertThat(accepted.json().path("status_url").asText())
        .endsWith("/api/v1/optimization_runs/" + accepted.json().path("run_id").asText());
    Api.Response replayed =
        api.post("/api/v1/optimize").key(key).idempotencyKey("opt-1").json(body).send();
    assertThat(replayed.status()).isEqualTo(202);
    assertThat(replayed.json().path("run_id").asText())
        .isEqualTo(accepted.json().path("run_id").asText());

    Api.Response twoWrong =
        api.post("/api/v1/jobs")
            .key(key)
            .json("{\"dropoff_lat\": 137.7, \"dropoff_lng\": 7.42, \"priority\": 9}")
            .send();
    assertThat(twoWrong.status()).isEqualTo(400);
    assertThat(twoWrong.error().path("param").asText()).isEqualTo("dropoff_lat");
    assertThat(twoWrong.error().path("details").findValuesAsText("param"))
        .containsExactly("dropoff_lat", "priority");
    assertThat(twoWrong.error().path("details").findValuesAsText("code"))
        .containsOnly("invalid_request");

    Api.Response malformed =
        api.post("/api/v1/jobs").key(key).idempotencyKey("k".repeat(129)).json(SEED_JOB).send();
    assertThat(malformed.status()).isEqualTo(422);
    assertThat(malformed.error().path("code").asText()).isEqualTo("invalid_idempotency_key");
    assertThat(malformed.error().path("param").asText()).isEqualTo("Idempotency-Key");
  }

  @Test
  void aShortBalanceGets402WithTheTopUpUrl() {
    String key = api.newKey("poor-bot", 0.0002);
    assertThat(api.post("/api/v1/jobs").key(key).json(SEED_JOB).send().status()).isEqualTo(201);
    assertThat(api.post("/api/v1/jobs").key(key).json(SEED_JOB).send().status()).isEqualTo(201);
    Api.Response refused = api.post("/api/v1/jobs").key(key).json(SEED_JOB).send();
    assertThat(refused.status()).isEqualTo(402);
    assertThat(refused.error().path("code").asText()).isEqualTo("insufficient_balance");
    assertThat(refused.error().path("top_up_url").asText()).startsWith("https://");
    JsonNode account = api.get("/api/v1/account").key(key).send().json();
    assertThat(account.path("balance_usd").decimalValue()).isEqualByComparingTo("0");
    assertThat(account.path("usage").path("writes").asInt()).isEqualTo(2);
    assertThat(account.path("usage").path("spent_usd").decimalValue())
        .isEqualByComparingTo("0.0002");
    assertThat(api.get("/api/v1/jobs").key(key).send().json().path("data"))
        .as("reads stay free")
        .hasSize(2);

    Api.Response sandbox = api.signup("sandbox-bot", "\"sandbox\": true");
    String test = sandbox.json().path("api_key").asText();
    assertThat(test).startsWith("ork_test_");
    for (int i = 0; i < 3; i++) {
      assertThat(api.post("/api/v1/jobs").key(test).json(SEED_JOB).send().status()).isEqualTo(201);
    }
    assertThat(
            api.get("/api/v1/account")
                .key(test)
                .send()
                .json()
                .path("usage")
                .path("spent_usd")
                .decimalValue())
        .as("sandbox accounts are never charged")
        .isEqualByComparingTo("0");
  }

  @Test
  void aBurstPastTheLimitGets429AndNeverSlowsAnotherTenant() {
    String greedy = api.newKey("greedy", 10);
    String calm = api.newKey("calm", 10);
    Api.Response patched =
        api.patch("/api/v1/account")
            .key(greedy)
            .json("{\"limits\": {\"rpm\": 6, \"burst\": 3}}")
            .send();
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    List<Integer> statuses = new ArrayList<>();
    Api.Response last = null;
    for (int i = 0; i < 6; i++) {
      last = api.get("/api/v1/jobs").key(greedy).send();
      statuses.add(last.status());
    }
    assertThat(statuses.subList(0, 2)).containsOnly(200);
    assertThat(statuses.subList(3, 6)).containsOnly(429);
    assertThat(last.error().path("code").asText()).isEqualTo("rate_limited");
    assertThat(Integer.parseInt(last.header("Retry-After"))).isBetween(1, 10);
    assertThat(last.header("X-RateLimit-Limit")).isEqualTo("6");
    assertThat(last.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(last.header("X-RateLimit-Burst")).isEqualTo("3");
    Api.Response calmOne = api.get("/api/v1/jobs").key(calm).send();
    assertThat(calmOne.status()).isEqualTo(200);
    assertThat(Integer.parseInt(calmOne.header("X-RateLimit-Remaining"))).isGreaterThan(230);
  }

  @Test
  void everyClassOfBadInputIsA4xxThatNamesTheField() {
    String key = api.newKey("fuzzy", 10);
    record Case(String body, String contentType, int status, String code, String param) {}
    List<Case> cases =
        List.of(
            new Case("{\"dropoff_lat\": 37.7,", "application/json", 400, "invalid_request", null),
            new Case(
                "{\"dropoff_lat\": \"37.7\", \"dropoff_lng\": 7}",
                "application/json",
                400,
                "invalid_request",
                "dropoff_lat"),
            new Case(
                "{\"dropoff_lat\": 37.7, \"dropoff_lng\": 7, \"service_minuts\": 5}",
                "application/json",
                400,
                "invalid_request",
                "service_minuts"),
            new Case(
                "{\"dropoff_lng\": 7}", "application/json", 400, "invalid_request", "dropoff_lat"),
            new Case(
                "{\"dropoff_lat\": 137.7, \"dropoff_lng\": 7}",
                "application/json",
                400,
                "invalid_request",
                "dropoff_lat"),
            new Case(
                "{\"dropoff_lat\": 37.7, \"dropoff_lng\": 7, \"priority\": 1.5}",
                "application/json",
                400,
                "invalid_request",
                "priority"),
            new Case(
                "{\"dropoff_lat\": 37.7, \"dropoff_lng\": 7, \"window_start\": \"tomorrow\", \"window_end\": \"2026-05-08T17:00:00Z\"}",
                "application/json",
                400,
                "invalid_request",
                "window_start"),
            new Case(
                "{\"dropoff_lat\": 37.7, \"dropoff_lng\": 7, \"window_start\": \"2026-05-08T17:00:00Z\", \"window_end\": \"2026-05-08T09:00:00Z\"}",
                "application/json",
                400,
                "invalid_request",
                "window_end"),
            new Case(
                "{\"dropoff_lat\": 37.7, \"dropoff_lng\": 7, \"skills\": \"hvac\"}",
                "application/json",
                400,
                "invalid_request",
                "skills"),
            new Case(
                "{\"dropoff_lat\": 37.7, \"dropoff_lat\": 38, \"dropoff_lng\": 7}",
                "application/json",
                400,
                "invalid_request",
                null),
            new Case("[1, 2]", "application/json", 400, "invalid_request", null),
            new Case("null", "application/json", 400, "invalid_request", null),
            new Case(
                "dropoff_lat=37.7",
                "application/x-www-form-urlencoded",
                415,
                "unsupported_media_type",
                "Content-Type"),
            new Case(
                "{\"external_id\": \"" + "x".repeat(1_100_000) + "\"}",
                "application/json",
                413,
                "payload_too_large",
                "body"));
    for (Case c : cases) {
      Api.Response r =
          api.post("/api/v1/jobs")
              .key(key)
              .raw(c.body().getBytes(StandardCharsets.UTF_8), c.contentType())
              .send();
      String what = c.body().substring(0, Math.min(60, c.body().length())) + " → " + r;
      assertThat(r.status()).as(what).isEqualTo(c.status());
      assertThat(r.error().path("code").asText()).as(what).isEqualTo(c.code());
      assertThat(r.error().path("message").asText()).as(what).isNotBlank();
      assertThat(r.error().path("docs_url").asText()).as(what).contains("#" + c.code());
      if (c.param() != null) {
        assertThat(r.error().path("param").asText()).as(what).isEqualTo(c.param());
      }
    }
    Api.Response optimize =
        api.post("/api/v1/optimize")
            .key(key)
            .json(
                "{\"job_ids\": [\"job_x\"], \"driver_ids\": [\"drv_x\"], \"options\": {\"objective\": \"fastest\"}}")
            .send();
    assertThat(optimize.status()).isEqualTo(400);
    assertThat(optimize.error().path("param").asText()).isEqualTo("options.objective");
    Api.Response unknownRoute = api.get("/api/v1/nothing").key(key).send();
    assertThat(unknownRoute.status()).isEqualTo(404);
    assertThat(unknownRoute.error().path("code").asText()).isEqualTo("not_found");
    assertThat(
            api.get("/api/v1/account").key(key).send().json().path("usage").path("writes").asInt())
        .as("no refused request was charged")
        .isZero();
  }

  @Test
  void anOversizedBodyIsAnswered413EvenToAClientThatWritesItAllFirst() {
    String key = api.newKey("bulky", 10);
    byte[] big =
        ("{\"external_id\": \"" + "x".repeat(6_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 5; i++) {
      Api.Response r = api.post("/api/v1/jobs").key(key).raw(big, "application/json").send();
      assertThat(r.status()).as(r.toString()).isEqualTo(413);
      assertThat(r.error().path("param").asText()).isEqualTo("body");
    }
  }

  @Test
  void webhookEndpointsHaveCrudAndASignedTestDelivery() throws Exception {
    String key = api.newKey("hooks-bot", 1);
    List<String[]> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer receiver =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              new String[] {
                exchange.getRequestHeaders().getFirst("X-OwnRoute-Signature"),
                new String(body, StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst("X-OwnRoute-Event")
              });
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    try {
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
      Api.Response created =
          api.post("/api/v1/webhook_endpoints")
              .key(key)
              .json(
                  "{\"url\": \""
                      + url
                      + "\", \"events\": [\"job.assigned\", \"optimization.completed\"]}")
              .send();
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = created.json().path("id").asText();
      String secret = created.json().path("secret").asText();
      assertThat(id).startsWith("whe_");
      assertThat(secret).startsWith("whsec_");
      assertThat(api.get("/api/v1/webhook_endpoints/" + id).key(key).send().json().has("secret"))
          .as("the secret is shown once")
          .isFalse();

      Api.Response test = api.post("/api/v1/webhook_endpoints/" + id + "/test").key(key).send();
      assertThat(test.status()).as(test.toString()).isEqualTo(200);
      assertThat(test.json().path("delivered").asBoolean()).isTrue();
      assertThat(test.json().path("status_code").asInt()).isEqualTo(204);
      assertThat(received).hasSize(1);
      String[] delivery = received.get(0);
      assertThat(delivery[2]).isEqualTo("webhook.test");
      String t = delivery[0].substring(2, delivery[0].indexOf(','));
      String v1 = delivery[0].substring(delivery[0].indexOf("v1=") + 3);
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String want =
          java.util.HexFormat.of()
              .formatHex(mac.doFinal((t + "." + delivery[1]).getBytes(StandardCharsets.UTF_8)));
      assertThat(v1).as("hex(hmac_sha256(secret, t + '.' + body))").isEqualTo(want);
      assertThat(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t))).isLessThan(300);

      assertThat(
              api.patch("/api/v1/webhook_endpoints/" + id)
                  .key(key)
                  .json("{\"enabled\": false}")
                  .send()
                  .json()
                  .path("enabled")
                  .asBoolean())
          .isFalse();
      Api.Response badEvent =
          api.patch("/api/v1/webhook_endpoints/" + id)
              .key(key)
              .json("{\"events\": [\"job.exploded\"]}")
              .send();
      assertThat(badEvent.error().path("param").asText()).isEqualTo("events[0]");
      assertThat(api.get("/api/v1/webhook_endpoints").key(key).send().json().path("data"))
          .hasSize(1);

      // Rotation: a new secret, the old one signing beside it until the overlap ends.
      Api.Response rotated =
          api.post("/api/v1/webhook_endpoints/" + id + "/rotate_secret")
              .key(key)
              .json("{\"overlap_s\": 3600}")
              .send();
      assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
      String newSecret = rotated.json().path("secret").asText();
      assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
      assertThat(java.util.Base64.getDecoder().decode(newSecret.substring("whsec_".length())))
          .as("Standard Webhooks' secret form: base64 after whsec_")
          .hasSize(32);
      assertThat(rotated.json().path("previous_secret_expires_at").asText()).isNotBlank();
      Api.Response badOverlap =
          api.post("/api/v1/webhook_endpoints/" + id + "/rotate_secret")
              .key(key)
              .json("{\"overlap_s\": -1}")
              .send();
      assertThat(badOverlap.status()).isEqualTo(400);
      assertThat(badOverlap.error().path("param").asText()).isEqualTo("overlap_s");

      assertThat(api.delete("/api/v1/webhook_endpoints/" + id).key(key).send().status())
          .isEqualTo(200);

      // Every change is on the compacted endpoints topic for the delivery functions, sealed.
      List<io.fleetstream.connectors.kafka.EventConsumer.Consumed> changes = new ArrayList<>();
      try (EventConsumer consumer =
          new EventConsumer(KAFKA.bootstrapServers(), Topic.WEBHOOK_ENDPOINTS)) {
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  consumer.poll(Duration.ofMillis(200)).stream()
                      .filter(c -> c.event() != null && id.equals(c.event().partitionkey()))
                      .forEach(changes::add);
                  assertThat(changes).hasSize(4);
                });
      }
      assertThat(changes)
          .extracting(c -> c.event().type())
          .containsExactly(
              EventType.WEBHOOK_ENDPOINT_UPSERTED.type(),
              EventType.WEBHOOK_ENDPOINT_UPSERTED.type(),
              EventType.WEBHOOK_ENDPOINT_UPSERTED.type(),
              EventType.WEBHOOK_ENDPOINT_DELETED.type());
      assertThat(changes)
          .allSatisfy(
              c -> {
                assertThat(c.invalidReason()).isNull();
                String raw = io.fleetstream.schemas.json.EventJson.toJson(c.event());
                assertThat(raw)
                    .doesNotContain(secret.substring(6))
                    .doesNotContain(newSecret.substring(6));
              });
      assertThat(
              changes.get(2).event().data(io.fleetstream.schemas.events.WebhookEndpointData.class))
          .satisfies(
              d -> {
                assertThat(d.enabled()).isFalse();
                assertThat(d.previousSecretSealed()).isNotNull();
                assertThat(d.previousSecretExpiresAt()).isAfter(java.time.Instant.now());
              });
      assertThat(api.get("/api/v1/webhook_endpoints/" + id).key(key).send().status())
          .isEqualTo(404);
    } finally {
      receiver.stop(0);
    }
  }

  static List<String> eventsOnTopic(Topic topic, String partitionKey) {
    List<String> types = new ArrayList<>();
    try (EventConsumer consumer = new EventConsumer(KAFKA.bootstrapServers(), topic)) {
      // The bridge answers once the broker has the event: everything is there to read to the end.
      consumer.readToEnd(Duration.ofSeconds(30)).stream()
          .filter(c -> c.event() != null && partitionKey.equals(c.event().partitionkey()))
          .forEach(c -> types.add(c.event().type()));
    }
    return types;
  }
}
