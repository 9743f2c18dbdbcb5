package io.fleetstream.bridge.internal.idempotency;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.store.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idempotency-Key handling, scoped per account. The first request with a key runs; its 2xx response
 * is kept (in RocksDB, so it survives a restart) for the TTL and replayed byte for byte to the same
 * request; a different request with that key gets 409 {@code idempotency_key_reused}; a request
 * while the first still runs gets 409 {@code idempotency_key_in_use}. A non-2xx outcome releases
 * the key, so the client can fix the request and retry. Expired records are deleted by {@link
 * #purgeExpired()} (every 10 minutes), through an index ordered by time.
 */
public final class IdempotencyStore {

  public static final int MAX_KEY_LENGTH = 128;

  /** A kept response. */
  public record Stored(
      String requestHash,
      int status,
      byte[] body,
      Map<String, String> headers,
      Instant createdAt) {}

  /**
   * What to do with a request that carries a key: replay a stored response, or run and then {@link
   * #complete}.
   */
  public sealed interface Outcome permits Replay, Proceed {}

  public record Replay(Stored response) implements Outcome {}

  public record Proceed(String scopedKey, String requestHash) implements Outcome {}

  /**
   * An entry of the expiry index: which record was kept when, under a key that sorts by that time.
   */
  record ExpiryMark(String scopedKey, long createdAtMillis) {
    String indexKey() {
      return EXPIRY_PREFIX + String.format("%015d", createdAtMillis) + "/" + scopedKey;
    }
  }

  /**
   * Index entries sort before nothing else: scoped keys start with an account id or {@code
   * anonymous}.
   */
  static final String EXPIRY_PREFIX = "~expiry/";

  private static final int PURGE_PAGE = 1000;

  private final Table table;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, String> inFlight = new ConcurrentHashMap<>();
  private volatile boolean legacyScanned;

  public IdempotencyStore(Table table, Duration ttl, Clock clock) {
    this.table = table;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** 1 to {@link #MAX_KEY_LENGTH} printable ASCII characters, spaces included. */
  static boolean wellFormed(String key) {
    return !key.isEmpty()
        && key.length() <= MAX_KEY_LENGTH
        && key.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  /**
   * Checks the key; on {@link Proceed} the caller must call {@link #complete} or {@link #release}.
   */
  public Outcome begin(String scope, String key, String method, String path, byte[] body) {
    if (!wellFormed(key)) {
      throw ApiException.of(
              ApiErrorCode.INVALID_IDEMPOTENCY_KEY,
              "Idempotency-Key must be 1 to "
                  + MAX_KEY_LENGTH
                  + " printable ASCII characters (a UUID, an order number)")
          .withParam("Idempotency-Key");
    }
    String scopedKey = scope + "/" + key;
    String hash = requestHash(method, path, body);
    if (inFlight.putIfAbsent(scopedKey, hash) != null) {
      throw ApiException.of(
              ApiErrorCode.IDEMPOTENCY_KEY_IN_USE,
              "a request with this Idempotency-Key is still being processed; retry when it has finished")
          .withParam("Idempotency-Key")
          .withHeader("Retry-After", "1");
    }
    Optional<Stored> stored = table.get(scopedKey, Stored.class).filter(this::fresh);
    if (stored.isEmpty()) {
      return new Proceed(scopedKey, hash);
    }
    inFlight.remove(scopedKey);
    if (!stored.get().requestHash().equals(hash)) {
      throw ApiException.of(
              ApiErrorCode.IDEMPOTENCY_KEY_REUSED,
              "this Idempotency-Key was used for a different request in the last "
                  + ttl.toHours()
                  + " h")
          .withParam("Idempotency-Key");
    }
    return new Replay(stored.get());
  }

  /** Keeps a 2xx response for replay, releases the key otherwise. */
  public void complete(Proceed proceed, int status, byte[] body, Map<String, String> headers) {
    try {
      if (status >= 200 && status < 300) {
        Instant now = clock.instant();
        table.put(
            proceed.scopedKey(), new Stored(proceed.requestHash(), status, body, headers, now));
        ExpiryMark mark = new ExpiryMark(proceed.scopedKey(), now.toEpochMilli());
        table.put(mark.indexKey(), mark);
      }
    } finally {
      inFlight.remove(proceed.scopedKey());
    }
  }

  /**
   * Keeps a response stored by another bridge under its scoped key, with its expiry mark, so a
   * retry reaching this bridge is replayed; false (nothing kept) when the key is taken here or the
   * record has expired.
   */
  public boolean adopt(String scopedKey, Stored stored) {
    if (scopedKey.startsWith(EXPIRY_PREFIX)
        || !fresh(stored)
        || table.get(scopedKey, Stored.class).isPresent()) {
      return false;
    }
    table.put(scopedKey, stored);
    ExpiryMark mark = new ExpiryMark(scopedKey, stored.createdAt().toEpochMilli());
    table.put(mark.indexKey(), mark);
    return true;
  }

  public void release(Proceed proceed) {
    inFlight.remove(proceed.scopedKey());
  }

  /**
   * Deletes records older than the TTL; returns how many. Walks the expiry index from the oldest
   * entry and stops at the first that is still fresh, so a purge reads only what it deletes, not
   * every record kept in the last 24 h.
   */
  public int purgeExpired() {
    int purged = legacyScanned ? 0 : purgeUnindexed();
    long cutoff = clock.instant().minus(ttl).toEpochMilli();
    while (true) {
      List<ExpiryMark> marks =
          table.scan(EXPIRY_PREFIX, null, PURGE_PAGE, ExpiryMark.class, m -> true).items();
      for (ExpiryMark mark : marks) {
        if (mark.createdAtMillis() > cutoff) {
          return purged;
        }
        table.delete(mark.indexKey());
        Optional<Stored> s = table.get(mark.scopedKey(), Stored.class);
        // A key reused after it expired holds a newer record, with a mark of its own.
        if (s.isPresent() && s.get().createdAt().toEpochMilli() == mark.createdAtMillis()) {
          table.delete(mark.scopedKey());
          purged++;
        }
      }
      if (marks.size() < PURGE_PAGE) {
        return purged;
      }
    }
  }

  /** Records kept before the expiry index existed: found once by a full scan, then never again. */
  private int purgeUnindexed() {
    int purged = 0;
    for (String key : table.keys("")) {
      if (key.startsWith(EXPIRY_PREFIX)) {
        continue;
      }
      Optional<Stored> s = table.get(key, Stored.class);
      if (s.isPresent() && !fresh(s.get())) {
        table.delete(key);
        purged++;
      } else if (s.isPresent()) {
        ExpiryMark mark = new ExpiryMark(key, s.get().createdAt().toEpochMilli());
        table.put(mark.indexKey(), mark);
      }
    }
    legacyScanned = true;
    return purged;
  }

  private boolean fresh(Stored s) {
    return s.createdAt().plus(ttl).isAfter(clock.instant());
  }

  private static String requestHash(String method, String path, byte[] body) {
    return Ids.sha256Hex(
        method + " " + path + "\n" + new String(body, java.nio.charset.StandardCharsets.UTF_8));
  }
}
