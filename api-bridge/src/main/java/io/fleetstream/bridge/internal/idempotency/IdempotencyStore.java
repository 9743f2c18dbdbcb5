package io.fleetstream.bridge.internal.idempotency;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.store.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idempotency-Key handling, scoped per account. The first request with a key runs; its 2xx
 * response is kept (in RocksDB, so it survives a restart) for the TTL and replayed byte for byte to
 * the same request; a different request with that key gets 409 {@code idempotency_key_reused}; a
 * request while the first still runs gets 409 {@code idempotency_key_in_use}. A non-2xx outcome
 * releases the key, so the client can fix the request and retry.
 */
public final class IdempotencyStore {

  public static final int MAX_KEY_LENGTH = 128;

  /** A kept response. */
  public record Stored(String requestHash, int status, byte[] body, Map<String, String> headers, Instant createdAt) {}

  /** What to do with a request that carries a key: replay a stored response, or run and then {@link #complete}. */
  public sealed interface Outcome permits Replay, Proceed {}

  public record Replay(Stored response) implements Outcome {}

  public record Proceed(String scopedKey, String requestHash) implements Outcome {}

  private final Table table;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, String> inFlight = new ConcurrentHashMap<>();

  public IdempotencyStore(Table table, Duration ttl, Clock clock) {
    this.table = table;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Checks the key; on {@link Proceed} the caller must call {@link #complete} or {@link #release}. */
  public Outcome begin(String scope, String key, String method, String path, byte[] body) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw ApiException.invalid("Idempotency-Key", "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
    String scopedKey = scope + "/" + key;
    String hash = requestHash(method, path, body);
    if (inFlight.putIfAbsent(scopedKey, hash) != null) {
      throw ApiException.of(ApiErrorCode.IDEMPOTENCY_KEY_IN_USE,
              "a request with this Idempotency-Key is still being processed; retry when it has finished")
          .withParam("Idempotency-Key").withHeader("Retry-After", "1");
    }
    Optional<Stored> stored = table.get(scopedKey, Stored.class).filter(this::fresh);
    if (stored.isEmpty()) {
      return new Proceed(scopedKey, hash);
    }
    inFlight.remove(scopedKey);
    if (!stored.get().requestHash().equals(hash)) {
      throw ApiException.of(ApiErrorCode.IDEMPOTENCY_KEY_REUSED,
          "this Idempotency-Key was used for a different request in the last " + ttl.toHours() + " h")
          .withParam("Idempotency-Key");
    }
    return new Replay(stored.get());
  }

  /** Keeps a 2xx response for replay, releases the key otherwise. */
  public void complete(Proceed proceed, int status, byte[] body, Map<String, String> headers) {
    try {
      if (status >= 200 && status < 300) {
        table.put(proceed.scopedKey(), new Stored(proceed.requestHash(), status, body, headers, clock.instant()));
      }
    } finally {
      inFlight.remove(proceed.scopedKey());
    }
  }

  public void release(Proceed proceed) {
    inFlight.remove(proceed.scopedKey());
  }

  /** Deletes records older than the TTL; returns how many. */
  public int purgeExpired() {
    int purged = 0;
    for (String key : table.keys("")) {
      Optional<Stored> s = table.get(key, Stored.class);
      if (s.isPresent() && !fresh(s.get())) {
        table.delete(key);
        purged++;
      }
    }
    return purged;
  }

  private boolean fresh(Stored s) {
    return s.createdAt().plus(ttl).isAfter(clock.instant());
  }

  private static String requestHash(String method, String path, byte[] body) {
    return Ids.sha256Hex(method + " " + path + "\n" + new String(body, java.nio.charset.StandardCharsets.UTF_8));
  }
}
