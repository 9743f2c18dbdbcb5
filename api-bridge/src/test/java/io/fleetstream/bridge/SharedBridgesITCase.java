package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two bridges, each with its own data directory, on one real broker, as behind a load balancer:
 * whatever one knows of accounts, keys, idempotency records and rate limits, the other knows too.
 */
class SharedBridgesITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static RunningBridge first;
  private static RunningBridge second;
  private static Api a;
  private static Api b;

  @BeforeAll
  static void start() {
    first = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
    second = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
    a = first.api();
    b = second.api();
  }

  @AfterAll
  static void stop() {
    second.close();
    first.close();
  }

  @Test
  void eachBridgesOperatorKeyWorksOnBoth() {
    assertThat(a.operatorKey()).isNotEqualTo(b.operatorKey());
    for (Api api : List.of(a, b)) {
      for (String key : List.of(a.operatorKey(), b.operatorKey())) {
        assertThat(api.get("/api/v1/admin/audit").key(key).send().status())
            .as("a bridge started second must not revoke the first one's operator key")
            .isEqualTo(200);
      }
    }
  }

  @Test
  void anAccountMadeOnOneBridgeIsServedByTheOtherOnTheSameBalance() {
    String key = a.newKey("shared-balance", 1);
    JsonNode onB = b.get("/api/v1/account").key(key).send().json();
    assertThat(onB.path("balance_usd").decimalValue()).isEqualByComparingTo("1");

    for (int i = 0; i < 5; i++) {
      assertThat(a.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send().status())
          .isEqualTo(201);
      assertThat(b.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send().status())
          .isEqualTo(201);
    }
    // Each bridge counts its own charges at once and the other's once it has read them.
    for (Api api : List.of(a, b)) {
      await("both bridges' charges on " + api.baseUrl())
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                JsonNode account = api.get("/api/v1/account").key(key).send().json();
                assertThat(account.path("usage").path("writes").asInt()).isEqualTo(10);
                assertThat(account.path("balance_usd").decimalValue())
                    .isEqualByComparingTo(
                        onB.path("balance_usd").decimalValue().subtract(price().multiply(TEN)));
              });
    }
  }

  private static final java.math.BigDecimal TEN = java.math.BigDecimal.TEN;

  /** What one write costs, as the bridge's account page reports its prices. */
  private static java.math.BigDecimal price() {
    String key = a.newKey("price-reader", 0);
    return a.get("/api/v1/account")
        .key(key)
        .send()
        .json()
        .path("prices")
        .path("write_usd")
        .decimalValue();
  }

  @Test
  void aRetryReachingTheOtherBridgeIsReplayedAndAReuseRefused() {
    String key = a.newKey("shared-idempotency", 1);
    Api.Response created =
        a.post("/api/v1/jobs")
            .key(key)
            .idempotencyKey("order-77")
            .json(ApiContractITCase.SEED_JOB)
            .send();
    assertThat(created.status()).isEqualTo(201);

    Api.Response retried =
        b.post("/api/v1/jobs")
            .key(key)
            .idempotencyKey("order-77")
            .json(ApiContractITCase.SEED_JOB)
            .send();
    assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
    assertThat(retried.json().path("id").asText()).isEqualTo(created.json().path("id").asText());

    Api.Response reused =
        b.post("/api/v1/jobs")
            .key(key)
            .idempotencyKey("order-77")
            .json(ApiContractITCase.SEED_JOB.replace("order-1234", "order-9999"))
            .send();
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.error().path("code").asText()).isEqualTo("idempotency_key_reused");
  }

  @Test
  void theSameKeySentToBothBridgesAtOnceRunsOnce() throws Exception {
    String key = a.newKey("racing-retries", 1);
    int perBridge = 2;
    ExecutorService pool = Executors.newFixedThreadPool(2 * perBridge);
    try {
      int rounds = 12;
      Set<String> created = new HashSet<>();
      int inUse = 0;
      for (int i = 0; i < rounds; i++) {
        String idem = "race-" + i;
        java.util.concurrent.CyclicBarrier go =
            new java.util.concurrent.CyclicBarrier(2 * perBridge);
        List<CompletableFuture<Api.Response>> all = new ArrayList<>();
        for (Api api : List.of(a, b, a, b).subList(0, 2 * perBridge)) {
          all.add(
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      go.await();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                    return api.post("/api/v1/jobs")
                        .key(key)
                        .idempotencyKey(idem)
                        .json(ApiContractITCase.SEED_JOB)
                        .send();
                  },
                  pool));
        }
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<Api.Response> f : all) {
          Api.Response r = f.get();
          if (r.status() == 201) {
            ids.add(r.json().path("id").asText());
          } else {
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.error().path("code").asText()).isEqualTo("idempotency_key_in_use");
            inUse++;
          }
        }
        assertThat(ids).as("round " + i + ": one job, however the requests met").hasSize(1);
        created.addAll(ids);
      }
      assertThat(created).hasSize(rounds);
      // A job's id comes from its Idempotency-Key, so a second run would not show in the ids; it
      // would in the writes charged (one per run).
      for (Api api : List.of(a, b)) {
        await("writes charged, as seen by " + api.baseUrl())
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(
                            api.get("/api/v1/account")
                                .key(key)
                                .send()
                                .json()
                                .path("usage")
                                .path("writes")
                                .asInt())
                        .as("each key ran once")
                        .isEqualTo(rounds));
      }
      // Not asserted (timing decides it), only reported: how often requests met in flight.
      System.out.println(
          "idempotency races: " + inUse + " of " + rounds * 2 * perBridge + " met one in flight");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aKeyRevokedOnOneBridgeIsRefusedByTheOther() {
    String key = a.newKey("revoking", 0);
    Api.Response extra = a.post("/api/v1/api_keys").key(key).json("{\"name\": \"ci\"}").send();
    assertThat(extra.status()).isEqualTo(201);
    String secret = extra.json().path("key").asText();
    assertThat(b.get("/api/v1/account").key(secret).send().status()).isEqualTo(200);

    long start = System.nanoTime();
    assertThat(
            a.delete("/api/v1/api_keys/" + extra.json().path("id").asText())
                .key(key)
                .send()
                .status())
        .isEqualTo(200);
    await("the other bridge refuses the revoked key")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> b.get("/api/v1/account").key(secret).send().status() == 401);
    System.out.printf(
        "revocation seen by the other bridge after %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void aRateLimitHoldsAcrossBothBridges() throws InterruptedException {
    String key = a.newKey("limited", 1);
    String account = a.get("/api/v1/account").key(key).send().json().path("id").asText();
    Api.Response limited =
        a.post("/api/v1/admin/accounts/" + account + "/limits")
            .key(a.operatorKey())
            .json("{\"rpm\": 60, \"burst\": 10, \"note\": \"test\"}")
            .send();
    assertThat(limited.status()).as(limited.toString()).isEqualTo(200);
    await("the other bridge has the new limits")
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                b.get("/api/v1/account").key(key).send().json().path("limits").path("burst").asInt()
                    == 10);

    // Spread as a round-robin balancer spreads them, a little slower than the bridges share what
    // they took (every 50 ms): each bridge alone would let 10 through, twice the limit together.
    int allowed = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 40; i++) {
      Api api = i % 2 == 0 ? a : b;
      if (api.get("/api/v1/account").key(key).send().status() == 200) {
        allowed++;
      }
      Thread.sleep(60);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // The two reads above took two tokens; one refills every second.
    int limit = 10 - 2 + (int) Math.ceil(seconds);
    System.out.printf("rate limit across two bridges: %d allowed, limit %d%n", allowed, limit);
    assertThat(allowed).isBetween(limit - 2, limit + 2);
  }

  @Test
  void aBridgeWhoseStoreIsLostRebuildsItFromKafkaWithItsUsage() throws Exception {
    java.nio.file.Path dir = RunningBridge.tempDir();
    String key;
    try (RunningBridge third = RunningBridge.start(KAFKA.bootstrapServers(), dir, c -> c)) {
      key = third.api().newKey("rebuilt", 1);
      for (int i = 0; i < 3; i++) {
        assertThat(
                third
                    .api()
                    .post("/api/v1/jobs")
                    .key(key)
                    .json(ApiContractITCase.SEED_JOB)
                    .send()
                    .status())
            .isEqualTo(201);
      }
    }
    // The bridge's RocksDB copy of the shared state goes; its id and operator key stay.
    try (java.util.stream.Stream<java.nio.file.Path> files =
        java.nio.file.Files.walk(dir.resolve("store"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    try (RunningBridge again = RunningBridge.start(KAFKA.bootstrapServers(), dir, c -> c)) {
      JsonNode account = again.api().get("/api/v1/account").key(key).send().json();
      assertThat(account.path("usage").path("writes").asInt())
          .as("the charges it made before, read back from the topic")
          .isEqualTo(3);
      assertThat(
              again.api().get("/api/v1/admin/audit").key(again.api().operatorKey()).send().status())
          .as("its operator key, kept in its data directory, still works")
          .isEqualTo(200);
      JsonNode onA = a.get("/api/v1/account").key(key).send().json();
      assertThat(onA.path("balance_usd").decimalValue())
          .isEqualByComparingTo(account.path("balance_usd").decimalValue());
    }
  }

  @Test
  void aBridgeStartedLaterOwesNothingForTakesLongPast() throws Exception {
    String key = a.newKey("long-past", 1);
    String account = a.get("/api/v1/account").key(key).send().json().path("id").asText();
    assertThat(
            a.post("/api/v1/admin/accounts/" + account + "/limits")
                .key(a.operatorKey())
                .json("{\"rpm\": 600, \"burst\": 10, \"note\": \"test\"}")
                .send()
                .status())
        .isEqualTo(200);
    // 30 takes on the first bridge, three times the burst, then time for the bucket to refill.
    for (int i = 0; i < 30; i++) {
      a.get("/api/v1/account").key(key).send();
      Thread.sleep(100);
    }
    Thread.sleep(6_000);
    try (RunningBridge third =
        RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c)) {
      int allowed = 0;
      List<String> refused = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Api.Response r = third.api().get("/api/v1/account").key(key).send();
        if (r.status() == 200) {
          allowed++;
        } else {
          refused.add(r.toString());
        }
      }
      assertThat(allowed)
          .as("the takes it read at start-up were history, the bucket refilled since: " + refused)
          .isEqualTo(8);
    }
  }
}
