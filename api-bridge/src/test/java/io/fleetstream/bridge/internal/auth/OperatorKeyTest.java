package io.fleetstream.bridge.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.store.KeyValueStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorKeyTest {

  @TempDir Path dir;
  private static final BridgeConfig.Limits LIMITS = new BridgeConfig.Limits(60, 240, 1000);

  @Test
  void theFirstStartWritesAnAdminKeyOnlyTheOwnerCanReadAndLaterStartsKeepIt() throws Exception {
    try (KeyValueStore db = KeyValueStore.open(dir.resolve("db"), List.of("a", "h", "i", "u"))) {
      AccountStore store =
          new AccountStore(
              db.table("a"), db.table("h"), db.table("i"), db.table("u"), "br_000000000001");
      Path file = OperatorKey.ensure(store, dir, LIMITS);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      String key = Files.readString(file).trim();
      Caller operator = new Authenticator(store).authenticate("Bearer " + key);
      assertThat(operator.key().admin()).isTrue();
      assertThat(operator.tenant()).isEqualTo(OperatorKey.ACCOUNT_ID);

      OperatorKey.ensure(store, dir, LIMITS);
      assertThat(Files.readString(file).trim()).as("a restart keeps a working key").isEqualTo(key);

      Files.delete(file);
      OperatorKey.ensure(store, dir, LIMITS);
      String rotated = Files.readString(file).trim();
      assertThat(rotated).isNotEqualTo(key);
      assertThat(new Authenticator(store).authenticate("Bearer " + rotated).key().admin()).isTrue();
      assertThat(store.keyByHash(ApiKeys.hash(key)).orElseThrow().revoked())
          .as("the old key is revoked")
          .isTrue();
    }
  }

  @Test
  void aSignedUpAccountsKeyIsNeverAnAdminKey() {
    try (KeyValueStore db = KeyValueStore.open(dir.resolve("db"), List.of("a", "h", "i", "u"))) {
      AccountStore store =
          new AccountStore(
              db.table("a"), db.table("h"), db.table("i"), db.table("u"), "br_000000000001");
      AccountStore.Signup s = store.create("bot", null, false, 0, 0, LIMITS);
      assertThat(new Authenticator(store).authenticate("Bearer " + s.secret()).key().admin())
          .isFalse();
      assertThat(
              store
                  .addKey(
                      s.account().id(),
                      ApiKeys.generate(false),
                      AccountStore.KeyTerms.named("ci"),
                      10)
                  .admin())
          .isFalse();
    }
  }
}
