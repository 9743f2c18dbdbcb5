package io.fleetstream.bridge.internal.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotencyStoreTest {

  @TempDir Path dir;
  private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

  @Test
  void theSameRequestIsReplayedAnotherIsRefusedAndAnExpiredKeyIsFree() {
    Instant[] now = {Instant.parse("2026-05-08T10:00:00Z")};
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("idem", "claims"))) {
      IdempotencyStore store =
          new IdempotencyStore(
              db.table("idem"), db.table("claims"), "br_000000000001", Duration.ofHours(24), clock);
      var first =
          (IdempotencyStore.Proceed) store.begin("acct_a", "k1", "POST", "/api/v1/jobs", BODY);
      assertThatThrownBy(() -> store.begin("acct_a", "k1", "POST", "/api/v1/jobs", BODY))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> assertThat(e.code()).isEqualTo(ApiErrorCode.IDEMPOTENCY_KEY_IN_USE));
      assertThat(store.begin("acct_b", "k1", "POST", "/api/v1/jobs", BODY))
          .as("scoped per account")
          .isInstanceOf(IdempotencyStore.Proceed.class);
      store.complete(first, 201, "{\"id\":\"job_1\"}".getBytes(StandardCharsets.UTF_8), Map.of());

      var replay =
          (IdempotencyStore.Replay) store.begin("acct_a", "k1", "POST", "/api/v1/jobs", BODY);
      assertThat(new String(replay.response().body(), StandardCharsets.UTF_8))
          .isEqualTo("{\"id\":\"job_1\"}");
      assertThatThrownBy(
              () ->
                  store.begin(
                      "acct_a",
                      "k1",
                      "POST",
                      "/api/v1/jobs",
                      "{\"a\":2}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> assertThat(e.code()).isEqualTo(ApiErrorCode.IDEMPOTENCY_KEY_REUSED));

      now[0] = now[0].plus(Duration.ofHours(25));
      assertThat(
              store.begin(
                  "acct_a",
                  "k1",
                  "POST",
                  "/api/v1/jobs",
                  "{\"a\":2}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(IdempotencyStore.Proceed.class);
    }
  }

  @Test
  void aFailedRequestReleasesItsKeyAndAKeyOver128CharactersIsRefused() {
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("idem", "claims"))) {
      IdempotencyStore store =
          new IdempotencyStore(
              db.table("idem"),
              db.table("claims"),
              "br_000000000001",
              Duration.ofHours(24),
              Clock.systemUTC());
      var first = (IdempotencyStore.Proceed) store.begin("acct_a", "k", "POST", "/p", BODY);
      store.complete(first, 400, BODY, Map.of());
      assertThat(store.begin("acct_a", "k", "POST", "/p", "{}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(IdempotencyStore.Proceed.class);
      for (String malformed : List.of("", "x".repeat(129), "tab\there", "clé")) {
        assertThatThrownBy(() -> store.begin("acct_a", malformed, "POST", "/p", BODY))
            .as(malformed)
            .isInstanceOfSatisfying(
                ApiException.class,
                e -> {
                  assertThat(e.param()).isEqualTo("Idempotency-Key");
                  assertThat(e.code().status()).isEqualTo(422);
                });
      }
      assertThat(store.begin("acct_a", "order 1234/a-b_c", "POST", "/p", BODY))
          .isInstanceOf(IdempotencyStore.Proceed.class);
    }
  }

  @Test
  void expiredRecordsAreDeletedAndFreshOnesKept() {
    Instant[] now = {Instant.parse("2026-05-08T10:00:00Z")};
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("idem", "claims"))) {
      IdempotencyStore store =
          new IdempotencyStore(
              db.table("idem"), db.table("claims"), "br_000000000001", Duration.ofHours(24), clock);
      for (int i = 0; i < 2500; i++) {
        var p =
            (IdempotencyStore.Proceed)
                store.begin("acct_a", "old-" + i, "POST", "/api/v1/jobs", BODY);
        store.complete(p, 201, BODY, Map.of());
      }
      now[0] = now[0].plus(Duration.ofHours(23));
      var fresh =
          (IdempotencyStore.Proceed) store.begin("acct_a", "fresh", "POST", "/api/v1/jobs", BODY);
      store.complete(fresh, 201, BODY, Map.of());

      now[0] = now[0].plus(Duration.ofHours(2));
      var reused =
          (IdempotencyStore.Proceed) store.begin("acct_a", "old-7", "POST", "/api/v1/jobs", BODY);
      store.complete(reused, 201, BODY, Map.of());

      assertThat(store.purgeExpired())
          .as("the 2,500 records older than 24 h, but not old-7 kept again")
          .isEqualTo(2499);
      assertThat(db.table("idem").keys("acct_a/"))
          .containsExactlyInAnyOrder("acct_a/fresh", "acct_a/old-7");
      assertThat(store.begin("acct_a", "fresh", "POST", "/api/v1/jobs", BODY))
          .isInstanceOf(IdempotencyStore.Replay.class);
      assertThat(store.purgeExpired()).isZero();

      now[0] = now[0].plus(Duration.ofHours(25));
      assertThat(store.purgeExpired()).isEqualTo(2);
      assertThat(db.table("idem").keys(""))
          .as("records and their index entries are gone")
          .isEmpty();
    }
  }

  /** A claim as the claims table stores it (the tables write snake_case JSON). */
  private static byte[] claim(String owner, long atMillis) throws Exception {
    return io.fleetstream.bridge.internal.http.ApiJson.mapper()
        .writeValueAsBytes(new IdempotencyStore.Claim(owner, atMillis));
  }

  @Test
  void theFirstClaimHoldsUntilReleasedOrStaleOnEveryBridgeAlike() throws Exception {
    byte[] first = claim("br_a/1", 1_000);
    byte[] second = claim("br_b/2", 1_500);
    assertThat(IdempotencyStore.firstClaim(null, first)).isEqualTo(first);
    assertThat(IdempotencyStore.firstClaim(first, second))
        .as("a second claim while the first holds loses")
        .isEqualTo(first);
    assertThat(IdempotencyStore.firstClaim(first, null)).as("a release frees the key").isNull();
    long stale = 1_000 + IdempotencyStore.CLAIM_TTL.toMillis() + 1;
    byte[] late = claim("br_b/3", stale);
    assertThat(IdempotencyStore.firstClaim(first, late))
        .as("a claim older than the claim TTL no longer holds (its bridge died)")
        .isEqualTo(late);
    byte[] again = claim("br_a/1", 1_200);
    assertThat(IdempotencyStore.firstClaim(first, again)).isEqualTo(again);
  }
}
