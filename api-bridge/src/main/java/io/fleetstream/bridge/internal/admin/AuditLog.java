package io.fleetstream.bridge.internal.admin;

import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.store.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's audit trail: every change of an account's balance or limits made through the admin
 * routes, kept in the bridge's own RocksDB (it is backed up with accounts and balances) and logged.
 * Entries are never changed or deleted; ids sort by time.
 */
public final class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  /**
   * One change: who (the operator key's id) did what to which account, with the values before and
   * after.
   *
   * @param action {@code credit}, {@code limits}, or {@code export} and {@code import} of an
   *     account's records (backup and restore)
   */
  public record Entry(
      String id,
      String action,
      String accountId,
      String keyId,
      String note,
      Map<String, Object> change,
      Map<String, Object> before,
      Map<String, Object> after,
      Instant createdAt) {}

  private final Table entries;

  public AuditLog(Table entries) {
    this.entries = entries;
  }

  public Entry record(
      String action,
      String accountId,
      String keyId,
      String note,
      Map<String, Object> change,
      Map<String, Object> before,
      Map<String, Object> after) {
    Entry e =
        new Entry(
            Ids.random(Ids.AUDIT),
            action,
            accountId,
            keyId,
            note,
            change,
            before,
            after,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    entries.put(e.id(), e);
    LOG.info(
        "audit {} {} on {} by {}: {} -> {} ({})",
        e.id(),
        action,
        accountId,
        keyId,
        before,
        after,
        note);
    return e;
  }

  /** Entries in time order, optionally of one account. */
  public Table.Page<Entry> list(String accountId, String after, int limit) {
    return entries.scan(
        "", after, limit, Entry.class, e -> accountId == null || accountId.equals(e.accountId()));
  }
}
