package io.fleetstream.bridge.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.AccountRecords;
import io.fleetstream.bridge.internal.auth.Account;
import io.fleetstream.bridge.internal.auth.AccountStore;
import io.fleetstream.bridge.internal.auth.ApiKeyRecord;
import io.fleetstream.bridge.internal.auth.ApiKeys;
import io.fleetstream.bridge.internal.auth.OperatorKey;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.idempotency.IdempotencyStore;
import io.fleetstream.bridge.internal.store.Table;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An account's own records in this bridge's store — the account (balance, limits, defaults), its
 * API keys (hashes only: no secret is stored, so keys moved keep working with the secrets their
 * clients hold), active scoring weights, learning runs, optimize-run charges, routing problems and
 * idempotency records (except those whose kept response carries a new key or signing secret) — read
 * out in pages and written into another bridge, as they are.
 *
 * <p>Not moved: rate-limit buckets (they refill within a minute), the operator's audit trail (it is
 * the source installation's), and webhook endpoints, which travel on their Kafka topic with the
 * tenant's records and are folded in by the target bridge.
 *
 * <p>Writing never replaces: the account must not exist yet (a restore twice would double its
 * balance) unless it is exactly as the record has it (a restore that stopped part way, started
 * again), and any other record already kept under its key is left as it is.
 */
public final class AccountTransfer {

  /** Tables in export order: the account first, so an import creates it before what it owns. */
  public static final List<String> TABLES = AccountRecords.TABLES;

  /** Tables keyed by the account id itself rather than {@code <account>/…}. */
  private static final List<String> KEYED_BY_ACCOUNT = List.of("accounts", "scoring_weights");

  /** Records per page and the value bytes after which a page ends (under a request body limit). */
  public static final int PAGE_RECORDS = 500;

  public static final long PAGE_BYTES = 256 * 1024;

  /** One stored record: the table, its key and its value as stored. */
  public record Record(String table, String key, JsonNode value) {}

  /** A page of an account's records; {@code nextCursor} is null on the last. */
  public record Page(List<Record> records, String nextCursor) {}

  /** What a write kept, per table, and how many records were already there or had expired. */
  public record Outcome(Map<String, Integer> written, int skipped) {}

  private final AccountStore accounts;
  private final Map<String, Table> tables;
  private final IdempotencyStore idempotency;

  /**
   * @param tables the bridge's own tables by name ({@link #TABLES} must all be there)
   */
  public AccountTransfer(
      AccountStore accounts, Map<String, Table> tables, IdempotencyStore idempotency) {
    for (String t : TABLES) {
      if (!tables.containsKey(t)) {
        throw new IllegalArgumentException("no table " + t);
      }
    }
    this.accounts = accounts;
    this.tables = Map.copyOf(tables);
    this.idempotency = idempotency;
  }

  /** The page of {@code accountId}'s records after {@code cursor} (from the start when null). */
  public Page export(String accountId, String cursor) {
    Account account =
        accounts.find(accountId).orElseThrow(() -> ApiException.notFound("account", accountId));
    if (account.id().equals(OperatorKey.ACCOUNT_ID)) {
      throw ApiException.of(
          ApiErrorCode.CONFLICT, "the operator's account is this installation's, not a tenant");
    }
    accounts.flush(); // the balance as of now, not as of the last periodic write
    int tableIndex = 0;
    String after = null;
    if (cursor != null) {
      String[] parts = decodeCursor(cursor);
      tableIndex = TABLES.indexOf(parts[0]);
      after = parts[1];
    }
    List<Record> records = new ArrayList<>();
    long bytes = 0;
    for (int i = tableIndex; i < TABLES.size(); i++) {
      String name = TABLES.get(i);
      Table table = tables.get(name);
      if (KEYED_BY_ACCOUNT.contains(name)) {
        if (i == tableIndex && after != null) {
          continue; // read on an earlier page
        }
        // The account as served: its stored record and every bridge's usage of it.
        Optional<JsonNode> value =
            name.equals("accounts")
                ? accounts.find(accountId).map(table::toJson)
                : table.getJson(accountId);
        if (value.isPresent()) {
          records.add(new Record(name, accountId, value.get()));
          bytes += value.get().toString().length();
        }
      } else {
        Table.Page<Table.Entry> page =
            table.entries(
                accountId + "/",
                i == tableIndex ? after : null,
                PAGE_RECORDS - records.size(),
                Math.max(1, PAGE_BYTES - bytes));
        for (Table.Entry e : page.items()) {
          if (name.equals("idempotency") && holdsSecret(table, e.value())) {
            continue;
          }
          records.add(new Record(name, e.key(), e.value()));
          bytes += e.value().toString().length();
        }
        if (page.more()) {
          // After the last entry read, which may be one left out (it held a secret).
          String last = page.items().get(page.items().size() - 1).key();
          return new Page(records, encodeCursor(name, last));
        }
      }
      if (records.size() >= PAGE_RECORDS || bytes >= PAGE_BYTES) {
        boolean last = i == TABLES.size() - 1;
        return new Page(records, last ? null : encodeCursor(TABLES.get(i + 1), null));
      }
    }
    return new Page(records, null);
  }

  /**
   * Writes records read from another bridge for {@code accountId}. All are checked before any is
   * written: a record of another account, of a table not moved, an operator key or an account that
   * exists here is refused (400 naming the record, or 409).
   */
  public synchronized Outcome write(String accountId, List<Record> records) {
    List<Runnable> checked = new ArrayList<>();
    Map<String, Integer> written = new LinkedHashMap<>();
    int[] skipped = {0};
    boolean accountHere = accounts.find(accountId).isPresent();
    boolean accountComing = false;
    for (int i = 0; i < records.size(); i++) {
      Record r = records.get(i);
      String at = "records[" + i + "]";
      if (r == null || r.table() == null || !TABLES.contains(r.table())) {
        throw ApiException.invalid(at + ".table", "table must be one of " + TABLES);
      }
      boolean ownKey =
          KEYED_BY_ACCOUNT.contains(r.table())
              ? accountId.equals(r.key())
              : r.key() != null && r.key().startsWith(accountId + "/");
      if (!ownKey) {
        throw ApiException.invalid(at + ".key", "key is not one of account " + accountId);
      }
      if (r.value() == null || !r.value().isObject()) {
        throw ApiException.invalid(at + ".value", "value must be an object as exported");
      }
      Table table = tables.get(r.table());
      Runnable write =
          switch (r.table()) {
            case "accounts" -> {
              Account a = decode(table, r.value(), Account.class, at);
              if (!accountId.equals(a.id())) {
                throw ApiException.invalid(at + ".value.id", "id must be " + accountId);
              }
              if (accountHere) {
                // The very account the file holds: a restore started again after it stopped part
                // way. Any other (used since, or another installation's) would be doubled.
                if (a.equals(accounts.find(accountId).orElse(null))) {
                  yield () -> count(written, skipped, "accounts", false);
                }
                throw ApiException.of(
                    ApiErrorCode.CONFLICT,
                    "account "
                        + accountId
                        + " already exists on this bridge, not as the file has it; restore into a"
                        + " bridge without it");
              }
              accountComing = true;
              yield () -> count(written, skipped, "accounts", accounts.adopt(a));
            }
            case "api_key_ids" -> {
              ApiKeyRecord k = decode(table, r.value(), ApiKeyRecord.class, at);
              checkKey(accountId, r.key(), k, at);
              boolean here = keyHere(k, at);
              yield () -> count(written, skipped, r.table(), !here && adopt(k));
            }
            case "idempotency" -> {
              IdempotencyStore.Stored s =
                  decode(table, r.value(), IdempotencyStore.Stored.class, at);
              yield () -> count(written, skipped, r.table(), idempotency.adopt(r.key(), s));
            }
            default ->
                () ->
                    count(
                        written,
                        skipped,
                        r.table(),
                        table.getJson(r.key()).isEmpty() && put(table, r));
          };
      checked.add(write);
    }
    if (!accountHere && !accountComing && !records.isEmpty()) {
      throw ApiException.notFound("account", accountId); // its accounts record comes first
    }
    checked.forEach(Runnable::run);
    return new Outcome(written, skipped[0]);
  }

  /**
   * Whether a kept response carries a secret — a new API key, a webhook signing secret — which a
   * backup file must never hold (the bridge keeps secrets only as hashes or sealed, and this
   * response only to replay it to the caller who asked). Such a record is left out of the export; a
   * retry of that request against another bridge makes a new key or secret.
   */
  private static boolean holdsSecret(Table table, JsonNode value) {
    IdempotencyStore.Stored stored;
    try {
      stored = table.decode(value, IdempotencyStore.Stored.class);
    } catch (IllegalArgumentException unreadable) {
      return true; // not exported: what it holds cannot be told
    }
    String body = stored.body() == null ? "" : new String(stored.body(), StandardCharsets.UTF_8);
    return body.contains(ApiKeys.LIVE) || body.contains(ApiKeys.TEST) || body.contains("whsec_");
  }

  private static boolean put(Table table, Record r) {
    table.put(r.key(), r.value());
    return true;
  }

  private static void count(
      Map<String, Integer> written, int[] skipped, String table, boolean kept) {
    if (kept) {
      written.merge(table, 1, Integer::sum);
    } else {
      skipped[0]++;
    }
  }

  private static void checkKey(String accountId, String key, ApiKeyRecord k, String at) {
    if (!accountId.equals(k.accountId()) || !key.equals(accountId + "/" + k.id())) {
      throw ApiException.invalid(at + ".value.account_id", "the key is not one of " + accountId);
    }
    if (ApiKeyRecord.ADMIN.equals(k.scope())) {
      // A backup file must never be a way to an operator key on another installation.
      throw ApiException.invalid(at + ".value.scope", "an operator key is never imported");
    }
    if (k.hash() == null || !k.hash().matches("[0-9a-f]{64}")) {
      throw ApiException.invalid(at + ".value.hash", "hash must be a SHA-256 hex digest");
    }
  }

  /** Whether this very key is here already; 409 when its hash belongs to another key. */
  private boolean keyHere(ApiKeyRecord k, String at) {
    Optional<ApiKeyRecord> same = accounts.keyByHash(k.hash());
    if (same.isPresent()
        && !(same.get().id().equals(k.id()) && same.get().accountId().equals(k.accountId()))) {
      throw ApiException.of(
          ApiErrorCode.CONFLICT, at + ": this key's hash belongs to another key on this bridge");
    }
    return same.isPresent();
  }

  private boolean adopt(ApiKeyRecord k) {
    accounts.replace(k);
    return true;
  }

  private static <T> T decode(Table table, JsonNode value, Class<T> type, String at) {
    try {
      return table.decode(value, type);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(at + ".value", "value is not a stored " + type.getSimpleName());
    }
  }

  private static String encodeCursor(String table, String after) {
    String plain = table + "\n" + (after == null ? "" : after);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decodeCursor(String cursor) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int nl = plain.indexOf('\n');
      if (nl > 0 && TABLES.contains(plain.substring(0, nl))) {
        String after = plain.substring(nl + 1);
        return new String[] {plain.substring(0, nl), after.isEmpty() ? null : after};
      }
    } catch (IllegalArgumentException notBase64) {
      // reported below
    }
    throw ApiException.invalid("cursor", "cursor must be the next_cursor of a previous page");
  }
}
