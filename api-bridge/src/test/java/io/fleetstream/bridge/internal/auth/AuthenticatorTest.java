package io.fleetstream.bridge.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.store.KeyValueStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {

  @TempDir Path dir;

  @Test
  void onlyTheHashIsStoredAndEveryRefusalHasItsReason() {
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("a", "h", "i", "u"))) {
      AccountStore store =
          new AccountStore(
              db.table("a"), db.table("h"), db.table("i"), db.table("u"), "br_000000000001");
      AccountStore.Signup s =
          store.create("bot", null, false, 0, 0, new BridgeConfig.Limits(60, 240, 1000));
      assertThat(s.secret()).matches("ork_live_[0-9a-z]{32}");
      assertThat(db.table("h").keys("")).containsExactly(ApiKeys.hash(s.secret()));
      assertThat(
              db.table("h")
                  .get(ApiKeys.hash(s.secret()), ApiKeyRecord.class)
                  .orElseThrow()
                  .toString())
          .doesNotContain(s.secret());

      Authenticator auth = new Authenticator(store);
      assertThat(auth.authenticate("Bearer " + s.secret()).tenant()).isEqualTo(s.account().id());
      assertThat(reason(auth, null)).isEqualTo("missing");
      assertThat(reason(auth, "Bearer ")).isEqualTo("missing");
      assertThat(reason(auth, "Token " + s.secret())).isEqualTo("invalid_scheme");
      String basic =
          java.util.Base64.getEncoder()
              .encodeToString(
                  ("external-user-7:" + s.secret())
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(auth.authenticate("Basic " + basic).tenant())
          .as("seed 004's Basic user:apiKey")
          .isEqualTo(s.account().id());
      assertThat(reason(auth, "Basic not-base64!")).isEqualTo("malformed");
      assertThat(reason(auth, "Bearer ork_live_UPPERCASE00000000000000000000000"))
          .isEqualTo("malformed");
      assertThat(reason(auth, "Bearer " + ApiKeys.generate(false))).isEqualTo("unknown");

      long[] age = {59_000};
      Authenticator shared = new Authenticator(store, () -> age[0], Duration.ofSeconds(60));
      assertThat(shared.authenticate("Bearer " + s.secret()).tenant()).isEqualTo(s.account().id());
      age[0] = 61_000;
      assertThat(
              catchThrowableOfType(
                      ApiException.class, () -> shared.authenticate("Bearer " + s.secret()))
                  .code())
          .as("a copy of the shared state too old to know of revocations serves no key")
          .isEqualTo(ApiErrorCode.SERVICE_UNAVAILABLE);

      store.revoke(s.key());
      assertThat(reason(auth, "Bearer " + s.secret())).isEqualTo("revoked");
    }
  }

  private static Object reason(Authenticator auth, String header) {
    return catchThrowableOfType(ApiException.class, () -> auth.authenticate(header))
        .extra()
        .get("reason");
  }
}
