package io.fleetstream.bridge.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.auth.AccountStore;
import io.fleetstream.bridge.internal.auth.ApiKeyRecord;
import io.fleetstream.bridge.internal.auth.ApiKeys;
import io.fleetstream.bridge.internal.auth.Authenticator;
import io.fleetstream.bridge.internal.auth.OperatorKey;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiJson;
import io.fleetstream.bridge.internal.idempotency.IdempotencyStore;
import io.fleetstream.bridge.internal.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountTransferTest {

  private static final BridgeConfig.Limits LIMITS = new BridgeConfig.Limits(60, 240, 1000);

  @TempDir Path dir;
  private final List<KeyValueStore> open = new ArrayList<>();

  /** One bridge's own store, as the bridge opens it. */
  private final class Bridge {
    final KeyValueStore db;
    final AccountStore accounts;
    final IdempotencyStore idempotency;
    final AccountTransfer transfer;

    Bridge(String name) {
      List<String> tables = new ArrayList<>(AccountTransfer.TABLES);
      tables.add("api_keys");
      tables.add("account_usage");
      tables.add("claims");
      db = KeyValueStore.open(dir.resolve(name), tables);
      open.add(db);
      accounts =
          new AccountStore(
              db.table("accounts"),
              db.table("api_keys"),
              db.table("api_key_ids"),
              db.table("account_usage"),
              "br_" + String.format("%012x", name.hashCode() & 0xffffffffL));
      idempotency =
          new IdempotencyStore(
              db.table("idempotency"),
              db.table("claims"),
              "br_000000000001",
              Duration.ofHours(24),
              Clock.systemUTC());
      Map<String, io.fleetstream.bridge.internal.store.Table> byName = new HashMap<>();
      AccountTransfer.TABLES.forEach(t -> byName.put(t, db.table(t)));
      transfer = new AccountTransfer(accounts, byName, idempotency);
    }

    /** Every page, as backup reads them. */
    List<AccountTransfer.Record> exportAll(String account) {
      List<AccountTransfer.Record> all = new ArrayList<>();
      String cursor = null;
      do {
        AccountTransfer.Page page = transfer.export(account, cursor);
        all.addAll(page.records());
        cursor = page.nextCursor();
      } while (cursor != null);
      return all;
    }
  }

  @AfterEach
  void close() {
    open.forEach(KeyValueStore::close);
  }

  @Test
  void anAccountMovesWithItsBalanceKeysRecordsAndIdempotencyRecordsAndItsKeysStillWork()
      throws Exception {
    Bridge source = new Bridge("source");
    AccountStore.Signup s = source.accounts.create("bot", null, false, 5_000_000, 0, LIMITS);
    String id = s.account().id();
    source.accounts.update(id, a -> a.withBalance(4_000_000, 1_000_000, 7, 2)); // not yet flushed
    String second = ApiKeys.generate(false);
    source.accounts.addKey(id, second, AccountStore.KeyTerms.named("ci"), 10);
    // Many records of one table, so the export takes several pages.
    for (int i = 0; i < 1_200; i++) {
      source.db.table("run_meta").put(id + "/run_" + i, Map.of("charged_micros", i));
    }
    source.db.table("scoring_weights").put(id, Map.of("version", 3));
    var proceed =
        (IdempotencyStore.Proceed)
            source.idempotency.begin(
                id, "order-42", "POST", "/api/v1/jobs", "{}".getBytes(StandardCharsets.UTF_8));
    source.idempotency.complete(
        proceed, 201, "{\"id\":\"job_1\"}".getBytes(StandardCharsets.UTF_8), Map.of());
    // A response that handed out a secret is kept to replay it, never to back it up.
    var keyCreated =
        (IdempotencyStore.Proceed)
            source.idempotency.begin(
                id, "new-key", "POST", "/api/v1/api_keys", "{}".getBytes(StandardCharsets.UTF_8));
    source.idempotency.complete(
        keyCreated,
        201,
        ("{\"key\":\"" + ApiKeys.generate(false) + "\"}").getBytes(StandardCharsets.UTF_8),
        Map.of());
    // Another account's records stay behind.
    AccountStore.Signup other = source.accounts.create("other", null, false, 0, 0, LIMITS);
    source.db.table("run_meta").put(other.account().id() + "/run_x", Map.of("charged_micros", 1));

    List<AccountTransfer.Record> exported = source.exportAll(id);
    assertThat(exported).allMatch(r -> r.key().equals(id) || r.key().startsWith(id + "/"));
    assertThat(exported.get(0).table()).as("the account comes first").isEqualTo("accounts");
    assertThat(exported).filteredOn(r -> r.table().equals("run_meta")).hasSize(1_200);
    assertThat(exported)
        .filteredOn(r -> r.table().equals("idempotency"))
        .extracting(AccountTransfer.Record::key)
        .as("the response with a new API key in it stays behind")
        .containsExactly(id + "/order-42");

    Bridge target = new Bridge("target");
    int written = 0;
    for (int from = 0; from < exported.size(); from += 300) {
      var outcome =
          target.transfer.write(id, exported.subList(from, Math.min(exported.size(), from + 300)));
      written += outcome.written().values().stream().mapToInt(Integer::intValue).sum();
    }
    assertThat(written).isEqualTo(exported.size());

    assertThat(target.accounts.find(id).orElseThrow().balanceMicros())
        .as("the balance as it was when exported, not as last flushed")
        .isEqualTo(4_000_000);
    Authenticator auth = new Authenticator(target.accounts);
    assertThat(auth.authenticate("Bearer " + s.secret()).tenant()).isEqualTo(id);
    assertThat(auth.authenticate("Bearer " + second).tenant()).isEqualTo(id);
    assertThat(target.db.table("scoring_weights").getJson(id).orElseThrow().path("version").asInt())
        .isEqualTo(3);
    assertThat(target.db.table("run_meta").getJson(other.account().id() + "/run_x")).isEmpty();
    var replay =
        target.idempotency.begin(
            id, "order-42", "POST", "/api/v1/jobs", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(replay)
        .as("a retry reaching the new bridge is replayed")
        .isInstanceOf(IdempotencyStore.Replay.class);
    assertThat(target.exportAll(id))
        .as("the target now exports what it took")
        .hasSameSizeAs(exported);

    var again = target.transfer.write(id, exported);
    assertThat(again.written())
        .as("a restore started again over the very same account writes nothing twice")
        .isEmpty();
    assertThat(again.skipped()).isEqualTo(exported.size());

    target.accounts.update(id, a -> a.withBalance(1, 4_000_000, 8, 2), true);
    assertThatThrownBy(() -> target.transfer.write(id, exported.subList(0, 1)))
        .as("an account used since the restore is not overwritten, nor its balance doubled")
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ApiErrorCode.CONFLICT));
  }

  @Test
  void pagesFullOfAnswersWithSecretsAreLeftOutAndTheExportStillEnds() {
    Bridge source = new Bridge("source");
    String id = source.accounts.create("bot", null, false, 0, 0, LIMITS).account().id();
    for (int i = 0; i < 1_100; i++) {
      var p =
          (IdempotencyStore.Proceed)
              source.idempotency.begin(
                  id,
                  String.format("z-%04d", i), // sorting after the account's other keys
                  "POST",
                  "/api/v1/api_keys",
                  "{}".getBytes(StandardCharsets.UTF_8));
      source.idempotency.complete(
          p,
          201,
          ("{\"key\":\"" + ApiKeys.generate(false) + "\"}").getBytes(StandardCharsets.UTF_8),
          Map.of());
    }
    source.db.table("run_meta").put(id + "/run_1", Map.of("charged_micros", 1));

    List<AccountTransfer.Record> exported = source.exportAll(id);

    assertThat(exported).extracting(AccountTransfer.Record::table).doesNotContain("idempotency");
    assertThat(exported)
        .extracting(AccountTransfer.Record::table)
        .containsExactly("accounts", "api_key_ids", "run_meta");
  }

  @Test
  void recordsOfAnotherAccountAnOperatorKeyOrWithoutTheAccountAreRefusedBeforeAnyIsWritten() {
    Bridge source = new Bridge("source");
    String id = source.accounts.create("bot", null, false, 0, 0, LIMITS).account().id();
    List<AccountTransfer.Record> records = source.exportAll(id);
    Bridge target = new Bridge("target");

    assertThatThrownBy(() -> target.transfer.write("acct_other", records))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.param()).isEqualTo("records[0].key"));

    ApiKeyRecord key =
        new ApiKeyRecord(
            "key_op",
            id,
            ApiKeys.hash("x"),
            "ork_live_x",
            "op",
            Instant.now(),
            null,
            ApiKeyRecord.ADMIN,
            null,
            null,
            null,
            null);
    List<AccountTransfer.Record> withOperatorKey = new ArrayList<>(records);
    withOperatorKey.add(
        new AccountTransfer.Record(
            "api_key_ids", id + "/key_op", ApiJson.mapper().valueToTree(key)));
    assertThatThrownBy(() -> target.transfer.write(id, withOperatorKey))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.param()).isEqualTo("records[" + records.size() + "].value.scope"));
    assertThat(target.accounts.find(id)).as("nothing written").isEmpty();

    assertThatThrownBy(() -> target.transfer.write(id, records.subList(1, records.size())))
        .as("keys without their account")
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ApiErrorCode.NOT_FOUND));

    source.accounts.rotateOperatorKey(OperatorKey.ACCOUNT_ID, LIMITS);
    assertThatThrownBy(() -> source.transfer.export(OperatorKey.ACCOUNT_ID, null))
        .as("the operator's account is never exported")
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ApiErrorCode.CONFLICT));
  }
}
