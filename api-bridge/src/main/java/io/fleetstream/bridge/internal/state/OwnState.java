package io.fleetstream.bridge.internal.state;

import io.fleetstream.bridge.AccountRecords;
import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.auth.AccountStore;
import io.fleetstream.bridge.internal.idempotency.IdempotencyStore;
import io.fleetstream.bridge.internal.limits.RateLimiter;
import io.fleetstream.bridge.internal.store.BridgeId;
import io.fleetstream.bridge.internal.store.KeyValueStore;
import io.fleetstream.bridge.internal.store.StateLog;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.connectors.kafka.TopicAdmin;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge's own state, as opposed to its read views: one RocksDB of tables, most of them shared
 * with the other bridges of the Kafka cluster through the {@link StateLog}, and the stores built on
 * them. {@link #open} returns once this bridge's copy has caught up with the log.
 */
public final class OwnState implements AutoCloseable {

  private static final List<String> TABLES =
      List.of(
          "accounts",
          "api_keys",
          "api_key_ids",
          "idempotency",
          "rate_limits",
          "webhook_endpoints",
          "run_meta",
          "routing_problems",
          "admin_audit",
          "learning_runs",
          "scoring_weights",
          "account_usage",
          "rate_usage",
          "idempotency_claims",
          "state_position");

  /**
   * The tables every bridge shares as they are, besides those the stores share themselves
   * (accounts, keys, usage, rate-limit takes, idempotency claims); the others are this bridge's
   * alone: its rate-limit snapshots, the log position, and webhook endpoints (shared through their
   * own contract topic, {@code fleetstream.webhook_endpoints.v1}, which the delivery functions read
   * too).
   */
  private static final List<String> SHARED_AS_THEY_ARE =
      List.of(
          "idempotency",
          "run_meta",
          "routing_problems",
          "admin_audit",
          "learning_runs",
          "scoring_weights");

  private final KeyValueStore store;
  private final StateLog log;
  private final AccountStore accounts;
  private final RateLimiter rateLimiter;
  private final IdempotencyStore idempotency;

  private OwnState(BridgeConfig config) {
    store = KeyValueStore.open(config.dataDir().resolve("store"), TABLES);
    try {
      log =
          new StateLog(
              config.kafkaBootstrap(),
              TopicAdmin.BRIDGE_STATE_TOPIC,
              BridgeId.ensure(config.dataDir()),
              config.kafkaTimeout(),
              table("state_position"));
      // Shared before the log starts, so the catch-up applies every table.
      for (String name : SHARED_AS_THEY_ARE) {
        log.share(name, table(name));
      }
      log.share("idempotency_claims", table("idempotency_claims"), IdempotencyStore::firstClaim);
      accounts =
          new AccountStore(
                  table("accounts"),
                  table("api_keys"),
                  table("api_key_ids"),
                  table("account_usage"),
                  log.bridgeId())
              .shareThrough(log);
      rateLimiter =
          new RateLimiter(table("rate_limits"), Clock.systemUTC())
              .shareThrough(log, table("rate_usage"));
      idempotency =
          new IdempotencyStore(
              table("idempotency"),
              table("idempotency_claims"),
              log.bridgeId(),
              config.idempotencyTtl(),
              Clock.systemUTC());
      log.start();
      accounts.resendOwnUsage();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Opens the tables and catches up with the shared state. */
  public static OwnState open(BridgeConfig config) {
    return new OwnState(config);
  }

  public Table table(String name) {
    return store.table(name);
  }

  /** The tables an account's export and import carry ({@link AccountRecords}), by name. */
  public Map<String, Table> transferable() {
    Map<String, Table> tables = new LinkedHashMap<>();
    AccountRecords.TABLES.forEach(name -> tables.put(name, table(name)));
    return tables;
  }

  public StateLog log() {
    return log;
  }

  public AccountStore accounts() {
    return accounts;
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  public IdempotencyStore idempotency() {
    return idempotency;
  }

  /** Stops reading and writing the log, then closes the tables. */
  @Override
  public void close() {
    log.close();
    store.close();
  }
}
