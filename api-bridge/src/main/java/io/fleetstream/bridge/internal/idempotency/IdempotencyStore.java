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
 *
 * <p>Across bridges: the records are in a table shared through the {@code StateLog}, so a retry
 * reaching another bridge is replayed; and a request claims its key in a shared table of claims
 * before it runs, where the first claim in the log wins on every bridge ({@link #firstClaim}): the
 * same key sent to two bridges at once runs once, the other gets {@code idempotency_key_in_use}. A
 * claim older than {@link #CLAIM_TTL} (its bridge died mid-request) no longer holds.
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

  /** How long a claim holds a key against other bridges if its bridge never finishes. */
  static final Duration CLAIM_TTL = Duration.ofMinutes(2);

  /** A request's hold on a key while it runs: which bridge and request, since when. */
  record Claim(String owner, long atMillis) {}

  /** As the tables write their values (snake_case). */
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      io.fleetstream.bridge.internal.http.ApiJson.mapper();

  private final Table table;
  private final Table claims;
  private final String owner;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, String> inFlight = new ConcurrentHashMap<>();
  private volatile boolean legacyScanned;

  /**
   * @param claims where requests claim their keys; shared with {@link #firstClaim} as its merge
   * @param bridgeId this bridge's name in the claims
   */
  public IdempotencyStore(Table table, Table claims, String bridgeId, Duration ttl, Clock clock) {
    this.table = table;
    this.claims = claims;
    this.owner = bridgeId;
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
      throw inUse();
    }
    try {
      Optional<Stored> stored = table.get(scopedKey, Stored.class).filter(this::fresh);
      if (stored.isEmpty()) {
        claim(scopedKey);
        // Another bridge may have finished with the key between the look and the claim.
        stored = table.get(scopedKey, Stored.class).filter(this::fresh);
        if (stored.isEmpty()) {
          return new Proceed(scopedKey, hash);
        }
        // Not waited for, as in release: the kept answer decides the key from now on.
        claims.deleteLater(scopedKey);
      }
      inFlight.remove(scopedKey);
      return replay(stored.get(), hash);
    } catch (RuntimeException e) {
      inFlight.remove(scopedKey);
      throw e;
    }
  }

  /** Claims {@code scopedKey} for this request; 409 when another bridge's request holds it. */
  private void claim(String scopedKey) {
    Claim mine =
        new Claim(owner + "/" + java.util.UUID.randomUUID(), clock.instant().toEpochMilli());
    claims.put(scopedKey, mine);
    Optional<Claim> held = claims.get(scopedKey, Claim.class);
    if (held.isEmpty() || !held.get().owner().equals(mine.owner())) {
      throw inUse();
    }
  }

  private static ApiException inUse() {
    return ApiException.of(
            ApiErrorCode.IDEMPOTENCY_KEY_IN_USE,
            "a request with this Idempotency-Key is still being processed; retry when it has finished")
        .withParam("Idempotency-Key")
        .withHeader("Retry-After", "1");
  }

  /**
   * The merge of the claims table: the first claim in the log holds until it is released (a delete)
   * or is {@link #CLAIM_TTL} older than a new one; decided from the two claims alone, so every
   * bridge decides alike.
   */
  public static byte[] firstClaim(byte[] current, byte[] incoming) {
    if (current == null || incoming == null) {
      return incoming;
    }
    try {
      Claim have = JSON.readValue(current, Claim.class);
      Claim got = JSON.readValue(incoming, Claim.class);
      boolean stale = got.atMillis() - have.atMillis() > CLAIM_TTL.toMillis();
      return have.owner().equals(got.owner()) || stale ? incoming : current;
    } catch (java.io.IOException e) {
      // Not a claim this bridge can read (a newer bridge's?): the log's order decides instead.
      org.slf4j.LoggerFactory.getLogger(IdempotencyStore.class)
          .warn("unreadable idempotency claim, the later one kept: {}", e.toString());
      return incoming;
    }
  }

  private Replay replay(Stored stored, String hash) {
    if (!stored.requestHash().equals(hash)) {
      throw ApiException.of(
              ApiErrorCode.IDEMPOTENCY_KEY_REUSED,
              "this Idempotency-Key was used for a different request in the last "
                  + ttl.toHours()
                  + " h")
          .withParam("Idempotency-Key");
    }
    return new Replay(stored);
  }

  /** Keeps a 2xx response for replay, releases the key otherwise. */
  public void complete(Proceed proceed, int status, byte[] body, Map<String, String> headers) {
    try {
      if (status >= 200 && status < 300) {
        Instant now = clock.instant();
        ExpiryMark mark = new ExpiryMark(proceed.scopedKey(), now.toEpochMilli());
        java.util.LinkedHashMap<String, Object> both = new java.util.LinkedHashMap<>();
        both.put(
            proceed.scopedKey(), new Stored(proceed.requestHash(), status, body, headers, now));
        both.put(mark.indexKey(), mark);
        table.putAll(both);
      }
    } finally {
      release(proceed);
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
    try {
      // Not waited for: after a 2xx the kept response answers the key whatever the claims say,
      // and after a failure the key is free anyway.
      claims.deleteLater(proceed.scopedKey());
    } finally {
      inFlight.remove(proceed.scopedKey());
    }
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
