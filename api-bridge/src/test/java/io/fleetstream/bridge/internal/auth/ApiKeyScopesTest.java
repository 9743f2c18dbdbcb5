package io.fleetstream.bridge.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.bridge.internal.store.KeyValueStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyScopesTest {

  @TempDir Path dir;

  @Test
  void aKeyStoredBeforeScopesExistedStillHoldsEveryScopeAndNeverExpires() {
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("h"))) {
      // The stored form of a key written by the bridge before keys had scopes or an expiry.
      Map<String, Object> legacy = new LinkedHashMap<>();
      legacy.put("id", "ork_01");
      legacy.put("accountId", "acct_01");
      legacy.put("hash", "abc");
      legacy.put("prefix", "ork_live_ab");
      legacy.put("name", "ci");
      legacy.put("createdAt", "2026-05-01T00:00:00Z");
      legacy.put("revokedAt", null);
      legacy.put("scope", null);
      legacy.put("rpm", null);
      legacy.put("burst", null);
      db.table("h").put("abc", legacy);
      ApiKeyRecord key = db.table("h").get("abc", ApiKeyRecord.class).orElseThrow();
      assertThat(key.effectiveScopes()).containsExactly(Scope.values());
      assertThat(key.active(Instant.parse("2100-01-01T00:00:00Z"))).isTrue();
    }
  }

  @Test
  void aScopedKeyHoldsOnlyItsScopesAndExpiresAtItsTime() {
    Instant end = Instant.parse("2027-01-01T00:00:00Z");
    ApiKeyRecord key =
        new ApiKeyRecord(
            "ork_02",
            "acct_01",
            "h",
            "p",
            "ro",
            end.minusSeconds(60),
            null,
            null,
            null,
            null,
            List.of("read"),
            end);
    assertThat(key.has(Scope.READ)).isTrue();
    assertThat(key.has(Scope.WRITE)).isFalse();
    assertThat(key.effectiveScopes()).containsExactly(Scope.READ);
    assertThat(key.active(end.minusMillis(1))).isTrue();
    assertThat(key.expired(end)).isTrue();
    assertThat(key.revoke(end).active(end.minusSeconds(1))).isFalse();
  }
}
