package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.DispatchStack;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.routing.geocode.AddressQuery;
import io.fleetstream.routing.geocode.Geocoded;
import io.fleetstream.routing.geocode.Geocoder;
import io.fleetstream.routing.road.RoadNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /optimize} end to end: the bridge writes the command with its snapshot, the real
 * dispatch job answers on the plans topic, the bridge folds the plan and answers the waiting
 * request. Sync, async, the 200-job threshold and booking.
 */
class OptimizeITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static DispatchStack dispatch;
  static RunningBridge bridge;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    dispatch = DispatchStack.start(KAFKA.bootstrapServers());
    bridge = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
    api = bridge.api();
    api.checkAgainst(new OpenApiCheck(api.get("/.well-known/openapi.json").send().json()));
  }

  @AfterAll
  static void stop() throws Exception {
    bridge.close();
    dispatch.close();
  }

  @AfterEach
  void everyResponseMatchedTheOpenApiDocument() {
    assertThat(api.contractProblems()).isEmpty();
  }

  record Fleet(String key, List<String> jobs, List<String> drivers) {
    String body(String extra) {
      return "{\"job_ids\": " + quoted(jobs) + ", \"driver_ids\": " + quoted(drivers) + extra + "}";
    }
  }

  static Fleet fleet(String agent, int jobs, int drivers) {
    String key = api.newKey(agent, 10);
    List<String> jobIds = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      jobIds.add(
          api.post("/api/v1/jobs")
              .key(key)
              .json(
                  ApiContractITCase.SEED_JOB.replace(
                      "37.7749", Double.toString(37.7700 + (i % 50) * 0.0004)))
              .send()
              .json()
              .path("id")
              .asText());
    }
    List<String> driverIds = new ArrayList<>();
    for (int i = 0; i < drivers; i++) {
      driverIds.add(
          api.post("/api/v1/drivers")
              .key(key)
              .json(ApiContractITCase.SEED_DRIVER)
              .send()
              .json()
              .path("id")
              .asText());
    }
    return new Fleet(key, jobIds, driverIds);
  }

  @Test
  void aSynchronousOptimizeWaitsForItsPlanAndIsBilled() {
    Fleet f = fleet("sync-bot", 3, 2);
    Api.Response r =
        api.post("/api/v1/optimize")
            .key(f.key())
            .json(
                f.body(
                    ", \"options\": {\"objective\": \"min_duration\", \"max_stops_per_driver\": 25, \"seed\": 7,"
                        + " \"shift_start\": \"2026-05-08T08:00:00-07:00\", \"shift_end\": \"2026-05-08T18:00:00-07:00\"}"))
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode run = r.json();
    String runId = run.path("run_id").asText();
    assertThat(runId).startsWith("opt_");
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
    assertThat(run.path("mode").asText()).isEqualTo("commit");
    assertThat(run.path("options").path("seed").asLong()).isEqualTo(7);
    assertThat(run.path("billing").path("cost_usd").decimalValue()).isEqualByComparingTo("0.001");
    assertThat(
            api.get("/api/v1/account")
                .key(f.key())
                .send()
                .json()
                .path("usage")
                .path("optimizations")
                .asInt())
        .isEqualTo(1);
    assertThat(
            api.get("/api/v1/optimization_runs/" + runId)
                .key(f.key())
                .send()
                .json()
                .path("status")
                .asText())
        .isEqualTo(run.path("status").asText());
    assertThat(run.path("routes").size()).as("the seed's jobs fit its drivers' day").isPositive();
  }

  /** Seed 004's example body (one cargo van, one order from San Francisco to Oakland). */
  static String seed004(String problemId, String extraOrders, String vehicleSpec) {
    return """
        {"mode": "plan", "problemId": "%s",
         "fleet": [{"driverExternalId": "driver-123", "vehicleExternalId": "vehicle-456",
                    "vehicleType": "cargo-van", "scheduledStart": "2026-06-18T15:00:00.000Z"%s}],
         "orders": [{"externalId": "order-001",
           "pickupAddress": {"addressLine1": "100 Pickup Way", "city": "San Francisco", "state": "CA",
                             "postalCode": "94103", "latitude": "37.7749", "longitude": "-122.4194"},
           "dropoffAddress": {"addressLine1": "200 Dropoff Ave", "city": "Oakland", "state": "CA",
                              "postalCode": "94607", "latitude": "37.8044", "longitude": "-122.2712"},
           "pickupWindowOpen": "2026-06-18T15:00:00.000Z", "pickupWindowClose": "2026-06-18T17:00:00.000Z",
           "dropoffWindowOpen": "2026-06-18T18:00:00.000Z", "dropoffWindowClose": "2026-06-18T20:00:00.000Z",
           "payloadItems": [{"description": "pipe", "quantity": 2, "weight": 50, "length": 120, "width": 6, "height": 6}],
           "customTags": [{"name": "lift-gate"}]}%s],
         "options": {"objective": "MIN_DURATION", "trafficMode": "none", "tagPriorities": [["lift-gate", 5]]}}
        """
        .formatted(problemId, vehicleSpec, extraOrders);
  }

  @Test
  void seed004PlansPickupBeforeDropoffAndAProblemIdIsSolvedOnce() {
    String key = api.newKey("routing-bot", 10);
    Api.Response planned =
        api.post("/api/v1/routing/run").key(key).json(seed004("routing-plan-001", "", "")).send();
    assertThat(planned.status()).as(planned.toString()).isEqualTo(200);
    JsonNode result = planned.json();
    assertThat(result.path("problemId").asText()).isEqualTo("routing-plan-001");
    assertThat(result.path("unassigned")).isEmpty();
    JsonNode itinerary = result.path("itineraries").get(0);
    assertThat(itinerary.path("fleetIndex").asInt()).isZero();
    assertThat(itinerary.path("itinerary").path("externalId").asText())
        .isEqualTo("fleet_driver-123_vehicle-456");
    JsonNode stops = itinerary.path("itinerary").path("itineraryStops");
    assertThat(stops).hasSize(2);
    assertThat(stops.get(0).path("stopNumber").asInt()).isEqualTo(1);
    assertThat(stops.get(0).path("stopType").asText()).isEqualTo("pickup");
    assertThat(stops.get(0).path("address").path("addressLine1").asText())
        .isEqualTo("100 Pickup Way");
    assertThat(stops.get(1).path("stopType").asText()).isEqualTo("dropoff");
    assertThat(stops.get(1).path("address").path("city").asText()).isEqualTo("Oakland");
    assertThat(stops.get(1).path("orderExternalId").asText()).isEqualTo("order-001");
    assertThat(result.path("ignoredOptions").toString())
        .as("tag priorities are applied, traffic is not modelled")
        .isEqualTo("[\"trafficMode\"]");

    int optimizations =
        api.get("/api/v1/account")
            .key(key)
            .send()
            .json()
            .path("usage")
            .path("optimizations")
            .asInt();
    Api.Response again =
        api.post("/api/v1/routing/run").key(key).json(seed004("routing-plan-001", "", "")).send();
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(result);
    assertThat(
            api.get("/api/v1/account")
                .key(key)
                .send()
                .json()
                .path("usage")
                .path("optimizations")
                .asInt())
        .as("a retry with the same problemId is neither solved nor charged again")
        .isEqualTo(optimizations);
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString(("user-1:" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Api.Response polled =
        api.get("/api/v1/routing/jobs/routing-plan-001")
            .header("Authorization", "Basic " + basic)
            .send();
    assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
    assertThat(polled.json()).isEqualTo(result);
  }

  @Test
  void seed004KeepsVansWithinCapacityAndAnswers202ThenPolls() {
    String key = api.newKey("routing-cap", 10);
    String heavy =
        """
        , {"externalId": "order-heavy",
           "dropoffAddress": {"latitude": "37.7800", "longitude": "-122.4100"},
           "payloadItems": [{"quantity": 1, "weight": 3000}]}
        """;
    Api.Response accepted =
        api.post("/api/v1/routing/plan?timeout=0")
            .key(key)
            .json(seed004("routing-cap-001", heavy, ", \"vehicleSpec\": {\"maxWeight\": 1000}"))
            .send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    assertThat(accepted.json().path("statusUrl").asText())
        .isEqualTo("/api/v1/routing/jobs/routing-cap-001");
    JsonNode[] done = new JsonNode[1];
    org.awaitility.Awaitility.await("the routing job finishes")
        .atMost(java.time.Duration.ofSeconds(60))
        .until(
            () -> {
              Api.Response r = api.get("/api/v1/routing/jobs/routing-cap-001").key(key).send();
              if (r.status() == 202) {
                assertThat(r.json().path("status").asText()).isEqualTo("processing");
                return false;
              }
              assertThat(r.status()).as(r.toString()).isEqualTo(200);
              done[0] = r.json();
              return true;
            });
    assertThat(done[0].path("unassigned"))
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.path("externalId").asText()).isEqualTo("order-heavy");
              assertThat(u.path("reasons").get(0).path("code").asText())
                  .isEqualTo("CAPACITY_CONSTRAINT");
            });
    assertThat(done[0].path("itineraries").get(0).path("itinerary").path("itineraryStops"))
        .hasSize(2);
  }

  @Test
  void seed004BookingMakesTheOrdersLiveJobsAssignedToTheFleetOnceOnly() {
    String key = api.newKey("routing-book", 20);
    String body =
        seed004("routing-book-001", "", "")
            .replace("\"mode\": \"plan\"", "\"mode\": \"createItinerary\"");
    Api.Response booked = api.post("/api/v1/routing/book").key(key).json(body).send();
    assertThat(booked.status()).as(booked.toString()).isEqualTo(200);
    JsonNode stops =
        booked.json().path("itineraries").get(0).path("itinerary").path("itineraryStops");
    assertThat(stops).hasSize(2);
    assertThat(stops.get(0).path("stopType").asText()).isEqualTo("pickup");

    JsonNode[] job = new JsonNode[1];
    org.awaitility.Awaitility.await("the booked order assigned live")
        .atMost(java.time.Duration.ofSeconds(60))
        .until(
            () -> {
              for (JsonNode j :
                  api.get("/api/v1/jobs?limit=100").key(key).send().json().path("data")) {
                if ("order-001".equals(j.path("external_id").asText())
                    && "assigned".equals(j.path("status").asText())) {
                  job[0] = j;
                  return true;
                }
              }
              return false;
            });
    assertThat(job[0].path("pickup").path("address").asText()).startsWith("100 Pickup Way");
    JsonNode driver =
        api.get("/api/v1/drivers/" + job[0].path("driver_id").asText()).key(key).send().json();
    assertThat(driver.path("external_id").asText()).isEqualTo("fleet_driver-123_vehicle-456");
    assertThat(driver.path("vehicle").path("type").asText()).isEqualTo("cargo-van");

    Api.Response again = api.post("/api/v1/routing/book").key(key).json(body).send();
    assertThat(again.status()).as(again.toString()).isEqualTo(409);
    assertThat(again.json().path("error").path("code").asText()).isEqualTo("already_booked");
    assertThat(
            routingError(key, "/api/v1/routing/book", 400, seed004("routing-book-002", "", ""))
                .path("param")
                .asText())
        .as("book takes createItinerary, not plan")
        .isEqualTo("mode");
  }

  @Test
  void seed004UpdateItineraryReplansABookedItineraryWithANewOrderAndNoSecondCopyOfTheOld() {
    String key = api.newKey("routing-update", 30);
    String booking =
        seed004("routing-update-001", "", "")
            .replace("\"mode\": \"plan\"", "\"mode\": \"createItinerary\"");
    Api.Response booked = api.post("/api/v1/routing/book").key(key).json(booking).send();
    assertThat(booked.status()).as(booked.toString()).isEqualTo(200);

    // Every order of the itinerary: the booked one again, and a new one. No fleet: the itinerary's.
    String update =
        """
        {"mode": "updateItinerary", "problemId": "routing-update-002",
         "targetItineraryIds": ["fleet_driver-123_vehicle-456"],
         "orders": [{"externalId": "order-001",
           "pickupAddress": {"latitude": "37.7749", "longitude": "-122.4194"},
           "dropoffAddress": {"latitude": "37.8044", "longitude": "-122.2712"}},
          {"externalId": "order-002",
           "pickupAddress": {"addressLine1": "300 Depot St", "latitude": "37.7790", "longitude": "-122.4000"},
           "dropoffAddress": {"addressLine1": "400 Harbor Rd", "latitude": "37.7990", "longitude": "-122.2800"}}]}
        """;
    Api.Response updated = api.post("/api/v1/routing/book").key(key).json(update).send();

    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().path("unassigned")).isEmpty();
    JsonNode itinerary = updated.json().path("itineraries").get(0).path("itinerary");
    assertThat(itinerary.path("externalId").asText()).isEqualTo("fleet_driver-123_vehicle-456");
    List<String> stops = new java.util.ArrayList<>();
    itinerary
        .path("itineraryStops")
        .forEach(
            st ->
                stops.add(
                    st.path("orderExternalId").asText() + ":" + st.path("stopType").asText()));
    assertThat(stops)
        .as("both orders on the van, each collected before it is delivered")
        .containsExactlyInAnyOrder(
            "order-001:pickup", "order-001:dropoff", "order-002:pickup", "order-002:dropoff");
    assertThat(stops.indexOf("order-002:pickup")).isLessThan(stops.indexOf("order-002:dropoff"));

    java.util.Map<String, String> driverOf = new java.util.HashMap<>();
    List<String> externalIds = new java.util.ArrayList<>();
    await("the new order is a live job on the booked van")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              driverOf.clear();
              externalIds.clear();
              for (JsonNode j :
                  api.get("/api/v1/jobs?limit=100").key(key).send().json().path("data")) {
                externalIds.add(j.path("external_id").asText());
                if ("assigned".equals(j.path("status").asText())) {
                  driverOf.put(j.path("external_id").asText(), j.path("driver_id").asText());
                }
              }
              return driverOf.containsKey("order-001") && driverOf.containsKey("order-002");
            });
    assertThat(externalIds)
        .as("order-001 sent again is the booked job")
        .containsOnlyOnce("order-001");
    assertThat(driverOf.get("order-002")).isEqualTo(driverOf.get("order-001"));

    assertThat(routingError(key, "/api/v1/routing/book", 409, update).path("code").asText())
        .isEqualTo("already_booked");
    assertThat(
            routingError(
                    key,
                    "/api/v1/routing/book",
                    400,
                    update
                        .replace("routing-update-002", "routing-update-003")
                        .replace("\"targetItineraryIds\": [\"fleet_driver-123_vehicle-456\"],", ""))
                .path("param")
                .asText())
        .isEqualTo("targetItineraryIds");
    assertThat(
            routingError(
                    key,
                    "/api/v1/routing/book",
                    400,
                    update
                        .replace("routing-update-002", "routing-update-004")
                        .replace("fleet_driver-123_vehicle-456\"]", "no-such-itinerary\"]"))
                .path("param")
                .asText())
        .as("an itinerary this account never booked")
        .isEqualTo("targetItineraryIds[0]");
  }

  @Test
  void seed004UpdateItineraryStartsTheVanWhereItWasLastReported() {
    String key = api.newKey("routing-live", 30);
    String booking =
        seed004("routing-live-001", "", "")
            .replace("\"mode\": \"plan\"", "\"mode\": \"createItinerary\"");
    assertThat(api.post("/api/v1/routing/book").key(key).json(booking).send().status())
        .isEqualTo(200);
    String van =
        await("the booked order is assigned to the van")
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  for (JsonNode j :
                      api.get("/api/v1/jobs?limit=100").key(key).send().json().path("data")) {
                    if ("order-001".equals(j.path("external_id").asText())
                        && !j.path("driver_id").isNull()) {
                      return j.path("driver_id").asText();
                    }
                  }
                  return null;
                },
                java.util.Objects::nonNull);
    // The van reports itself in Oakland, by the dropoff, far from its booked start (the pickup).
    Api.Response fix =
        api.post("/api/v1/drivers/" + van + "/locations")
            .key(key)
            .json(
                "{\"pings\": [{\"lat\": 37.8010, \"lng\": -122.2750, \"recorded_at\": \"%s\"}]}"
                    .formatted(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)))
            .send();
    assertThat(fix.status()).as(fix.toString()).isIn(200, 202);
    try (io.fleetstream.connectors.kafka.EventConsumer states =
        new io.fleetstream.connectors.kafka.EventConsumer(
            KAFKA.bootstrapServers(), io.fleetstream.schemas.Topic.DRIVER_STATE)) {
      await("the tracker has the van's position")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  states.poll(Duration.ofMillis(200)).stream()
                      .anyMatch(
                          c ->
                              c.event() != null
                                  && c.event().data()
                                      instanceof io.fleetstream.schemas.events.DriverStateData d
                                  && van.equals(d.driverId())
                                  && Math.abs(d.lat() - 37.8010) < 1e-6));
    }

    String update =
        """
        {"mode": "updateItinerary", "problemId": "routing-live-002",
         "targetItineraryIds": ["fleet_driver-123_vehicle-456"], "orders": []}
        """;
    Api.Response updated = api.post("/api/v1/routing/book").key(key).json(update).send();

    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    JsonNode live =
        updated.json().path("itineraries").get(0).path("itinerary").path("livePosition");
    assertThat(live.path("latitude").asDouble()).isEqualTo(37.8010);
    assertThat(live.path("longitude").asDouble()).isEqualTo(-122.2750);
    try (io.fleetstream.connectors.kafka.EventConsumer commands =
        new io.fleetstream.connectors.kafka.EventConsumer(
            KAFKA.bootstrapServers(), io.fleetstream.schemas.Topic.COMMANDS)) {
      List<io.fleetstream.schemas.events.OptimizeRequestData> runs = new ArrayList<>();
      await("the update's run on the commands topic")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                commands.poll(Duration.ofMillis(200)).stream()
                    .filter(
                        c ->
                            c.event() != null
                                && c.event().data()
                                    instanceof io.fleetstream.schemas.events.OptimizeRequestData r
                                && "routing-live-002".equals(r.correlationId()))
                    .forEach(
                        c ->
                            runs.add(
                                (io.fleetstream.schemas.events.OptimizeRequestData)
                                    c.event().data()));
                return !runs.isEmpty();
              });
      assertThat(runs.get(0).drivers().get(0).startLocation().lat())
          .as("the re-plan starts where the van is, not at its booked start")
          .isEqualTo(37.8010);
    }
  }

  @Test
  void optimizeShowsAPairsTwoStopsAndWhyAJobWasLeftOutWithItsExternalId() {
    String key = api.newKey("goods-optimize", 20);
    String pair =
        api.post("/api/v1/jobs")
            .key(key)
            .json(
                "{\"external_id\": \"pair-1\", \"dropoff_lat\": 37.8044, \"dropoff_lng\": -122.2712,"
                    + " \"pickup_lat\": 37.7749, \"pickup_lng\": -122.4194, \"demand\": {\"weight_kg\": 200}}")
            .send()
            .json()
            .path("id")
            .asText();
    String heavy =
        api.post("/api/v1/jobs")
            .key(key)
            .json(
                "{\"external_id\": \"too-heavy\", \"dropoff_lat\": 37.7800, \"dropoff_lng\": -122.4100,"
                    + " \"demand\": {\"weight_kg\": 5000}}")
            .send()
            .json()
            .path("id")
            .asText();
    String van =
        api.post("/api/v1/drivers")
            .key(key)
            .json(
                "{\"start_lat\": 37.7858, \"start_lng\": -122.4065,"
                    + " \"vehicle\": {\"type\": \"cargo_van\", \"capacity\": {\"weight_kg\": 1000}}}")
            .send()
            .json()
            .path("id")
            .asText();

    Api.Response r =
        api.post("/api/v1/optimize")
            .key(key)
            .json(
                "{\"job_ids\": [\""
                    + pair
                    + "\", \""
                    + heavy
                    + "\"], \"driver_ids\": [\""
                    + van
                    + "\"], \"mode\": \"plan\"}")
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode left = r.json().path("summary").path("unassigned");
    assertThat(left).singleElement();
    assertThat(left.get(0).path("external_id").asText()).isEqualTo("too-heavy");
    assertThat(left.get(0).path("reasons").get(0).path("code").asText()).isEqualTo("CAPACITY");
    assertThat(left.get(0).path("reasons").get(0).path("description").asText()).contains("load");
    JsonNode stops = r.json().path("routes").get(0).path("stops");
    assertThat(stops).hasSize(2);
    assertThat(stops.get(0).path("kind").asText()).isEqualTo("pickup");
    assertThat(stops.get(1).path("kind").asText()).isEqualTo("dropoff");
    assertThat(stops.get(1).path("job_id").asText()).isEqualTo(pair);
  }

  @Test
  void optimizeOptionsLockStopsMinimiseVehiclesPrioritiseByTagAndOverrideVans() {
    String key = api.newKey("options-optimize", 20);
    String van = "{\"type\": \"cargo_van\", \"capacity\": {\"weight_kg\": 1000}}";
    String a = created(key, "/api/v1/drivers", driverAt(37.7858, -122.4065, van));
    String b = created(key, "/api/v1/drivers", driverAt(37.7700, -122.4300, van));
    String nearA = created(key, "/api/v1/jobs", jobAt(37.7850, -122.4070, ""));
    String nearB1 = created(key, "/api/v1/jobs", jobAt(37.7705, -122.4295, ""));
    String nearB2 = created(key, "/api/v1/jobs", jobAt(37.7710, -122.4290, ""));

    Api.Response fewest =
        api.post("/api/v1/optimize")
            .key(key)
            .json(
                "{\"job_ids\": "
                    + quoted(List.of(nearA, nearB1, nearB2))
                    + ", \"driver_ids\": "
                    + quoted(List.of(a, b))
                    + ", \"mode\": \"plan\", \"options\": {\"objective\": \"min_vehicles\","
                    + " \"timeout_s\": 2, \"locked_stops\": {\""
                    + a
                    + "\": [\""
                    + nearB2
                    + "\"]}}}")
            .send();

    assertThat(fewest.status()).as(fewest.toString()).isEqualTo(200);
    assertThat(fewest.json().path("summary").path("unassigned")).isEmpty();
    JsonNode routes = fewest.json().path("routes");
    assertThat(routes).as("one van serves all three: min_vehicles").singleElement();
    assertThat(routes.get(0).path("driver_id").asText()).isEqualTo(a);
    assertThat(routes.get(0).path("stops").get(0).path("job_id").asText())
        .as("the locked stop first")
        .isEqualTo(nearB2);

    String urgent =
        created(key, "/api/v1/jobs", jobAt(37.7850, -122.4070, ", \"priority\": 2, " + kg(400)));
    String tagged =
        created(
            key,
            "/api/v1/jobs",
            jobAt(37.7852, -122.4068, ", \"priority\": 4, \"tags\": [\"lift-gate\"], " + kg(400)));
    Api.Response byTag =
        api.post("/api/v1/optimize")
            .key(key)
            .json(
                "{\"job_ids\": "
                    + quoted(List.of(urgent, tagged))
                    + ", \"driver_ids\": "
                    + quoted(List.of(a))
                    + ", \"mode\": \"plan\", \"options\": {\"tag_priorities\": {\"lift-gate\": 5},"
                    + " \"vehicle_overrides\": {\"cargo_van\": {\"capacity\": {\"weight_kg\": 700}}}}}")
            .send();

    assertThat(byTag.status()).as(byTag.toString()).isEqualTo(200);
    JsonNode left = byTag.json().path("summary").path("unassigned");
    assertThat(left)
        .as("the override leaves room for one 400 kg job: the one tagged lift-gate (priority 5)")
        .singleElement();
    assertThat(left.get(0).path("job_id").asText()).isEqualTo(urgent);
    assertThat(left.get(0).path("reasons").get(0).path("code").asText()).isEqualTo("CAPACITY");

    String ids =
        "\"job_ids\": " + quoted(List.of(nearA)) + ", \"driver_ids\": " + quoted(List.of(a));
    assertThat(badOption(key, ids, "{\"tag_priorities\": {\"lift-gate\": 6}}"))
        .isEqualTo("options.tag_priorities.lift-gate");
    assertThat(badOption(key, ids, "{\"locked_stops\": {\"" + a + "\": [\"" + nearB1 + "\"]}}"))
        .as("a locked job not in job_ids")
        .isEqualTo("options.locked_stops." + a + "[0]");
    assertThat(badOption(key, ids, "{\"locked_stops\": {\"" + b + "\": [\"" + nearA + "\"]}}"))
        .as("a locked driver not in driver_ids")
        .isEqualTo("options.locked_stops." + b);
    assertThat(badOption(key, ids, "{\"timeout_s\": 2, \"time_limit_s\": 3}"))
        .isEqualTo("options.timeout_s");
    assertThat(
            badOption(
                key,
                ids,
                "{\"vehicle_overrides\": {\"cargo_van\": {\"capacity\": {\"weight_kg\": -1}}}}"))
        .isEqualTo("options.vehicle_overrides.cargo_van.capacity.weight_kg");
    assertThat(badOption(key, ids, "{\"objective\": \"fastest\"}")).isEqualTo("options.objective");
  }

  private static String created(String key, String path, String body) {
    Api.Response r = api.post(path).key(key).json(body).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static String driverAt(double lat, double lng, String vehicle) {
    return "{\"start_lat\": " + lat + ", \"start_lng\": " + lng + ", \"vehicle\": " + vehicle + "}";
  }

  private static String jobAt(double lat, double lng, String more) {
    return "{\"dropoff_lat\": " + lat + ", \"dropoff_lng\": " + lng + more + "}";
  }

  private static String kg(double weight) {
    return "\"demand\": {\"weight_kg\": " + weight + "}";
  }

  private static String badOption(String key, String ids, String options) {
    Api.Response r =
        api.post("/api/v1/optimize")
            .key(key)
            .json("{" + ids + ", \"mode\": \"plan\", \"options\": " + options + "}")
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    return r.error().path("param").asText();
  }

  @Test
  void seed004ErrorsUseItsErrorModel() {
    String key = api.newKey("routing-errors", 20);
    JsonNode noFleet =
        routingError(
            key,
            "/api/v1/routing/run",
            400,
            "{\"mode\": \"plan\", \"problemId\": \"p1\", \"orders\": [{\"dropoffAddress\": {\"latitude\": \"37.8\", \"longitude\": \"-122.27\"}}]}");
    assertThat(noFleet.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(noFleet.path("code").asText()).isEqualTo("invalid_routing_input");
    assertThat(noFleet.path("param").asText()).isEqualTo("fleet");
    assertThat(
            routingError(
                    key,
                    "/api/v1/routing/run",
                    400,
                    seed004("p2", "", "")
                        .replace("\"mode\": \"plan\"", "\"mode\": \"createItinerary\""))
                .path("code")
                .asText())
        .isEqualTo("invalid_routing_input");
    assertThat(
            routingError(
                    key,
                    "/api/v1/routing/plan",
                    400,
                    seed004("p3", "", "")
                        .replace("\"problemId\"", "\"accountId\": \"acme\", \"problemId\""))
                .path("code")
                .asText())
        .isEqualTo("string_account_id_unsupported");
    assertThat(
            routingError(
                    key,
                    "/api/v1/routing/plan",
                    400,
                    seed004("p4", "", "").replace("\"latitude\": \"37.8044\", ", ""))
                .path("param")
                .asText())
        .isEqualTo("orders[0].dropoffAddress.latitude");
    assertThat(
            routingError(
                    key, "/api/v1/routing/plan", 400, "{\"problemId\": \"p5\", \"orderz\": []}")
                .path("code")
                .asText())
        .isEqualTo("invalid_input");
    Api.Response missing = api.get("/api/v1/routing/jobs/never-asked").key(key).send();
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error").path("code").asText()).isEqualTo("job_not_found");
  }

  @Test
  void seed004AddressesWithoutCoordinatesArePlacedOnTheStacksMap() {
    String key = api.newKey("routing-addresses", 10);
    String body =
        """
        {"problemId": "routing-addresses-001",
         "fleet": [{"driverExternalId": "driver-7", "vehicleExternalId": "van-7",
                    "vehicleType": "cargo-van", "scheduledStart": "2026-06-18T08:00:00Z",
                    "startAddress": {"addressLine1": "42 Quai Jean-Charles Rey"}}],
         "orders": [{"externalId": "order-101",
                     "pickupAddress": {"addressLine1": "15 Avenue de Monte-Carlo", "city": "Monaco"},
                     "dropoffAddress": {"addressLine1": "11 rue du Portier", "postalCode": "98000"}}]}
        """;
    Api.Response planned =
        await("the map's addresses are read at start-up")
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> api.post("/api/v1/routing/plan").key(key).json(body).send(),
                r -> r.status() != 503);

    assertThat(planned.status()).as(planned.toString()).isEqualTo(200);
    assertThat(planned.json().path("unassigned")).isEmpty();
    JsonNode stops =
        planned.json().path("itineraries").get(0).path("itinerary").path("itineraryStops");
    JsonNode pickup = stops.get(0).path("address");
    Geocoded expected =
        Geocoder.builder()
            .osmFile(RoadNetwork.embeddedMap(RunningBridge.tempDir()))
            .build()
            .find(new AddressQuery("15 Avenue de Monte-Carlo", "Monaco", null))
            .orElseThrow();
    assertThat(pickup.path("latitude").asDouble()).isEqualTo(expected.lat());
    assertThat(pickup.path("longitude").asDouble()).isEqualTo(expected.lng());
    assertThat(pickup.path("geocoded").path("precision").asText()).isEqualTo("address");
    assertThat(stops.get(1).path("address").path("geocoded").path("matched").asText())
        .containsIgnoringCase("Portier");
    assertThat(stops.get(1).path("address").path("latitude").asDouble())
        .as("in Monaco")
        .isBetween(43.72, 43.76);

    JsonNode notOnTheMap =
        routingError(
            key,
            "/api/v1/routing/plan",
            400,
            body.replace("routing-addresses-001", "routing-addresses-002")
                .replace("11 rue du Portier", "200 Dropoff Ave"));
    assertThat(notOnTheMap.path("code").asText()).isEqualTo("invalid_routing_input");
    assertThat(notOnTheMap.path("param").asText())
        .isEqualTo("orders[0].dropoffAddress.addressLine1");
  }

  private static JsonNode routingError(String key, String path, int status, String body) {
    Api.Response r = api.post(path).key(key).json(body).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    return r.json().path("error");
  }

  @Test
  void asyncAndLargeRunsAnswer202AndArePolled() {
    Fleet f = fleet("async-bot", 2, 1);
    Api.Response accepted =
        api.post("/api/v1/optimize?async=true")
            .key(f.key())
            .json(f.body(", \"mode\": \"plan\""))
            .send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String statusUrl = accepted.json().path("status_url").asText();
    assertThat(accepted.header("Location")).isEqualTo(statusUrl);
    assertThat(accepted.json().path("status").asText()).isEqualTo("processing");
    String path = statusUrl.substring(statusUrl.indexOf("/api/v1/"));
    await("the run finishes")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                !api.get(path)
                    .key(f.key())
                    .send()
                    .json()
                    .path("status")
                    .asText()
                    .equals("processing"));

    // Past 200 jobs a run is always asynchronous.
    Fleet big = fleet("big-bot", 201, 1);
    Api.Response large = api.post("/api/v1/optimize").key(big.key()).json(big.body("")).send();
    assertThat(large.status()).as(large.toString()).isEqualTo(202);
    assertThat(large.json().path("job_ids")).hasSize(201);
  }

  @Test
  void aPlanRunCanBeBookedOnceWhenItCompleted() {
    Fleet f = fleet("book-bot", 2, 1);
    JsonNode plan =
        api.post("/api/v1/optimize")
            .key(f.key())
            .json(f.body(", \"mode\": \"plan\""))
            .send()
            .json();
    String runId = plan.path("run_id").asText();
    assertThat(plan.path("status").asText()).as(plan.toString()).isEqualTo("completed");
    assertThat(plan.at("/_links/self").asText()).isEqualTo("/api/v1/optimization_runs/" + runId);
    // The plan says where to book it; following the link books it.
    Api.Response booked = api.post(plan.at("/_links/book").asText()).key(f.key()).send();
    assertThat(booked.status()).as(booked.toString()).isEqualTo(200);
    assertThat(booked.json().path("mode").asText()).isEqualTo("commit");
    assertThat(booked.json().path("booked_from").asText()).isEqualTo(runId);
    assertThat(
            api.get("/api/v1/optimization_runs/" + runId)
                .key(f.key())
                .send()
                .json()
                .path("booked_run_id")
                .asText())
        .isEqualTo(booked.json().path("run_id").asText());
    assertThat(
            api.get("/api/v1/optimization_runs/" + runId).key(f.key()).send().json().at("/_links"))
        .as("a booked plan offers no second booking")
        .hasSize(1);
    assertThat(booked.json().at("/_links/routes").asText())
        .isEqualTo("/api/v1/routes?run_id=" + booked.json().path("run_id").asText());
    assertThat(
            api.post("/api/v1/optimization_runs/" + runId + "/book").key(f.key()).send().status())
        .isEqualTo(409);
  }

  @Test
  void aCompletedCommitRunPublishesRoutesAndTheJobsFollowIt() {
    Fleet f = fleet("routes-bot", 4, 2);
    JsonNode run = api.post("/api/v1/optimize").key(f.key()).json(f.body("")).send().json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
    Set<String> placed = new HashSet<>();
    run.path("routes")
        .forEach(route -> route.path("stops").forEach(s -> placed.add(s.path("job_id").asText())));
    run.path("summary").path("unassigned").forEach(u -> placed.add(u.path("job_id").asText()));
    assertThat(placed).containsExactlyInAnyOrderElementsOf(f.jobs());
    JsonNode routes =
        api.get("/api/v1/routes?run_id=" + run.path("run_id").asText()).key(f.key()).send().json();
    assertThat(routes.path("data").size()).isEqualTo(run.path("routes").size());
    JsonNode firstRoute = run.path("routes").get(0);
    String job = firstRoute.path("stops").get(0).path("job_id").asText();
    JsonNode j = api.get("/api/v1/jobs/" + job).key(f.key()).send().json();
    assertThat(j.path("route_id").asText()).isEqualTo(firstRoute.path("route_id").asText());
    assertThat(j.path("eta").isNull()).isFalse();
    // The run's decision log: the live dispatcher's decision that gave the job to the run's driver.
    String audit = run.at("/_links/audit").asText();
    assertThat(audit)
        .isEqualTo("/api/v1/optimization_runs/" + run.path("run_id").asText() + "/audit");
    org.awaitility.Awaitility.await("the run's decision about " + job)
        .atMost(java.time.Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode log = api.get(audit + "?limit=100").key(f.key()).send().json();
              for (JsonNode d : log.path("data")) {
                if (job.equals(d.path("job_id").asText())
                    && firstRoute.path("driver_id").asText().equals(d.path("driver_id").asText())) {
                  return true;
                }
              }
              return false;
            });
  }

  private static String quoted(List<String> ids) {
    return "[" + String.join(", ", ids.stream().map(i -> "\"" + i + "\"").toList()) + "]";
  }
}
