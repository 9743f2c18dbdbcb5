package io.fleetstream.bridge.internal.audit;

import io.fleetstream.bridge.internal.auth.Caller;
import io.fleetstream.bridge.internal.auth.Scope;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.kafka.EventWriter;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.ApiCallData;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an {@code audit.api_call} record to {@code fleetstream.audit.v1} for every state-changing
 * call an account makes (REST or MCP), whatever its outcome. The record is sent after the answer is
 * decided and not waited for: auditing must not add a Kafka round trip to every write. A record
 * Kafka refuses is logged and counted ({@link #lost()}); the call it describes was answered
 * already.
 */
public final class ApiCallAudit {

  private static final Logger LOG = LoggerFactory.getLogger(ApiCallAudit.class);
  static final String SOURCE = "/api/v1";

  private final EventWriter writer;
  private final Clock clock;
  private final AtomicLong lost = new AtomicLong();

  public ApiCallAudit(EventWriter writer, Clock clock) {
    this.writer = writer;
    this.clock = clock;
  }

  /**
   * Whether a call of this route is recorded: account routes that can change something (not a GET,
   * nor a POST that only computes, such as a prediction, which needs no more than {@code read}).
   */
  public static boolean audited(Route route) {
    return !route.method().equals("GET")
        && route.scope() != Scope.READ
        && (route.access() == Route.Access.KEY || route.access() == Route.Access.ADMIN);
  }

  /** A call under way; {@link Call#end} records it once. */
  public Call begin(
      Caller caller, Route route, String path, String idempotencyKey, String clientIp, String via) {
    return new Call(caller, route, path, idempotencyKey, clientIp, via, clock.instant());
  }

  /** Records lost because Kafka refused them, since start. */
  public long lost() {
    return lost.get();
  }

  /** One audited call. */
  public final class Call {
    private final Caller caller;
    private final Route route;
    private String path;
    private final String idempotencyKey;
    private final String clientIp;
    private final String via;
    private final Instant started;
    private boolean ended;

    private Call(
        Caller caller,
        Route route,
        String path,
        String idempotencyKey,
        String clientIp,
        String via,
        Instant started) {
      this.caller = caller;
      this.route = route;
      this.path = path;
      this.idempotencyKey = idempotencyKey;
      this.clientIp = clientIp;
      this.via = via;
      this.started = started;
    }

    /** The path as called, once known (an MCP tool call learns it from the arguments). */
    public synchronized void path(String called) {
      this.path = called;
    }

    /**
     * Records the outcome; later calls do nothing. A call throttled by the rate limits (429) is not
     * recorded: it did nothing, and a client hammering a route must not turn each refusal into a
     * write to the log (the limits' headers and metrics count them).
     */
    public synchronized void end(int status, String errorCode, boolean replayed) {
      if (ended) {
        return;
      }
      ended = true;
      if (status == 429) {
        return;
      }
      Instant now = clock.instant();
      String tenant = caller.tenant();
      ApiCallData data =
          new ApiCallData(
              tenant,
              caller.key().id(),
              via,
              route.method(),
              route.path(),
              truncate(path, 1024),
              status,
              errorCode,
              idempotencyKey,
              replayed ? Boolean.TRUE : null,
              clientIp == null ? null : truncate(clientIp, 64),
              now.truncatedTo(ChronoUnit.MILLIS),
              Math.max(0, now.toEpochMilli() - started.toEpochMilli()));
      CloudEvent event =
          new CloudEvent(
              CloudEvent.SPEC_VERSION,
              Ids.random(Ids.EVENT),
              SOURCE,
              EventType.AUDIT_API_CALL.type(),
              tenant,
              now.truncatedTo(ChronoUnit.MILLIS),
              CloudEvent.CONTENT_TYPE,
              tenant,
              tenant,
              data);
      writer
          .send(event)
          .whenComplete(
              (written, failure) -> {
                if (failure != null) {
                  lost.incrementAndGet();
                  LOG.warn(
                      "audit record of {} {} by {} not written: {}",
                      route.method(),
                      path,
                      caller.key().id(),
                      failure.toString());
                }
              });
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
