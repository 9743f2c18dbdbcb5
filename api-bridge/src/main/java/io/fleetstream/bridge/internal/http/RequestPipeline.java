package io.fleetstream.bridge.internal.http;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.audit.ApiCallAudit;
import io.fleetstream.bridge.internal.auth.ApiKeyRecord;
import io.fleetstream.bridge.internal.auth.Authenticator;
import io.fleetstream.bridge.internal.auth.Caller;
import io.fleetstream.bridge.internal.idempotency.IdempotencyStore;
import io.fleetstream.bridge.internal.limits.RateLimiter;
import io.fleetstream.bridge.internal.metrics.BridgeMetrics;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every API request goes through, in order: schema-version header, authentication (401), the
 * operator's key on operator routes and the key's scope on the others (403), rate limits of the
 * account and of the key (headers on every response, 429 when empty), media type (415) and body
 * size (413), Idempotency-Key (replay or 409), the handler, and one error model for whatever goes
 * wrong. Bad input never reaches a 500: only a fault of the bridge itself does.
 *
 * <p>Every refusal reaches the client: an answer given before the body was read first reads what is
 * left of it (up to {@link RequestBodies#DRAIN_LIMIT}). Answering while the client is still sending
 * makes the server close the connection, and clients that write the whole body before reading
 * (java.net.http, curl, most SDKs) then see a broken pipe instead of the 401, or a 429 without its
 * Retry-After.
 */
public final class RequestPipeline {

  /** The audited call a request is, when it is one; its answer ends it. */
  private static final String AUDITED_CALL = "fleetstream.audited-call";

  /** The error code of the answer being written, for the audit record. */
  private static final String ERROR_CODE = "fleetstream.error-code";

  private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);

  /**
   * Builds and writes deferred answers: never the thread that completed the wait (the view consumer
   * folding a plan, the JDK's timeout scheduler, the HTTP client), so a slow answer cannot hold
   * those up. Idle threads end.
   */
  private static final ExecutorService ANSWERS = answerThreads();

  public static final String SCHEMA_VERSION_HEADER = "X-Schema-Version";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  private final BridgeConfig config;
  private final RequestBodies bodies;
  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final IdempotencyStore idempotency;
  private final String schemaVersion;
  private final ApiCallAudit audit;
  private final BridgeMetrics metrics;

  /** When a request arrived ({@link System#nanoTime}) and the route that took it. */
  private static final String STARTED = "fleetstream.started";

  private static final String ROUTE = "fleetstream.route";

  public RequestPipeline(
      BridgeConfig config,
      Authenticator authenticator,
      RateLimiter rateLimiter,
      IdempotencyStore idempotency,
      String schemaVersion,
      ApiCallAudit audit,
      BridgeMetrics metrics) {
    this.audit = audit;
    this.metrics = metrics;
    this.config = config;
    this.bodies = new RequestBodies(config.maxBodyBytes());
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.idempotency = idempotency;
    this.schemaVersion = schemaVersion;
  }

  public void handle(Route route, Context ctx) {
    ctx.attribute(STARTED, System.nanoTime());
    ctx.attribute(ROUTE, route.path());
    Map<String, String> headers = new LinkedHashMap<>();
    String requestId = RequestIds.of(ctx.header(REQUEST_ID_HEADER));
    headers.put(REQUEST_ID_HEADER, requestId);
    // The handler's log lines carry the request (and, once known, the account); a deferred answer
    // finishes on another thread, without them.
    MDC.put("request_id", requestId);
    MDC.put("route", route.path());
    try {
      handleIdentified(route, ctx, headers);
    } finally {
      MDC.clear();
    }
  }

  private void handleIdentified(Route route, Context ctx, Map<String, String> headers) {
    headers.put(SCHEMA_VERSION_HEADER, schemaVersion);
    if (route.deprecatedSince() != null) {
      headers.put("Deprecation", "@" + route.deprecatedSince());
    }
    try {
      Caller caller = null;
      if (route.access() == Route.Access.KEY || route.access() == Route.Access.ADMIN) {
        caller = authenticator.authenticate(ctx.header("Authorization"));
        MDC.put("tenant", caller.tenant());
        if (ApiCallAudit.audited(route)) {
          ctx.attribute(
              AUDITED_CALL,
              audit.begin(
                  caller, route, ctx.path(), ctx.header("Idempotency-Key"), ctx.ip(), "rest"));
        }
        if (route.access() == Route.Access.ADMIN && !caller.key().admin()) {
          throw ApiException.of(
                  ApiErrorCode.FORBIDDEN,
                  "this route needs the operator's admin key "
                      + "(<data dir>/bridge/operator.key); an account's own keys cannot change balances or limits")
              .withParam("Authorization");
        }
        admit(caller, route, headers);
      } else if (route.access() == Route.Access.ANONYMOUS) {
        apply(rateLimiter.take("ip:" + ctx.ip(), config.defaultLimits()), headers);
      }
      byte[] body = bodies.read(ctx);
      ApiRequest request =
          new ApiRequest(
              caller,
              route.method(),
              ctx.path(),
              ctx.pathParamMap(),
              ctx.queryParamMap(),
              body,
              ctx.header("Idempotency-Key"),
              ctx.ip(),
              ctx.headerMap());
      run(route, request, ctx, headers);
    } catch (RuntimeException e) {
      fail(route, ctx, e, headers);
    }
  }

  /**
   * The checks an authenticated caller passes before any handler runs, REST or MCP: the key's scope
   * for the route (403 {@code insufficient_scope}) and the rate limits (429); the limit headers go
   * into {@code headers}.
   */
  public void admit(Caller caller, Route route, Map<String, String> headers) {
    authorize(caller, route);
    limit(caller, headers);
  }

  /**
   * Refuses a key without the scope {@code route} needs; takes no rate-limit token (for a call
   * carried by a request that took one).
   */
  public void authorize(Caller caller, Route route) {
    if (route.access() == Route.Access.KEY && !caller.key().has(route.scope())) {
      throw ApiException.of(
              ApiErrorCode.INSUFFICIENT_SCOPE,
              "this key lacks the '"
                  + route.scope().wireName()
                  + "' scope that "
                  + route.method()
                  + " "
                  + route.path()
                  + " needs; it holds "
                  + caller.key().effectiveScopes().stream().map(s -> s.wireName()).toList())
          .withParam("Authorization")
          .with("missing_scope", route.scope().wireName());
    }
  }

  /** Where state-changing calls are recorded (the MCP endpoint records its tool calls there). */
  public ApiCallAudit audit() {
    return audit;
  }

  public Authenticator authenticator() {
    return authenticator;
  }

  /** Where error bodies point for each code. */
  public String docsUrl() {
    return config.docsUrl();
  }

  private void run(Route route, ApiRequest request, Context ctx, Map<String, String> headers) {
    IdempotencyStore.Proceed proceed = null;
    boolean writes = route.method().equals("POST") || route.method().equals("PATCH");
    if (writes && request.idempotencyKey() != null && route.access() != Route.Access.OPEN) {
      String scope = request.caller() == null ? "anonymous" : request.caller().tenant();
      IdempotencyStore.Outcome outcome =
          idempotency.begin(
              scope, request.idempotencyKey(), route.method(), request.path(), request.body());
      if (outcome instanceof IdempotencyStore.Replay replay) {
        headers.putAll(replay.response().headers());
        headers.put(REPLAYED_HEADER, "true");
        metrics.idempotentReplay();
        write(ctx, replay.response().status(), replay.response().body(), headers);
        return;
      }
      proceed = (IdempotencyStore.Proceed) outcome;
    }
    ApiResponse response = answer(proceed, route.handler()::handle, request);
    if (response.events() != null) {
      headers.forEach(ctx::header);
      try {
        EventStreams.open(ctx, response.events());
      } catch (Exception e) {
        response.events().abandoned();
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      return;
    }
    if (response.later() != null) {
      // Nothing holds this Jetty thread while the handler waits (a plan, a webhook test); the
      // answer is built and
      // written on the answer threads once the wait is over.
      IdempotencyStore.Proceed held = proceed;
      ApiResponse.Later later = response.later();
      ctx.future(
          () ->
              later
                  .ready()
                  .toCompletableFuture()
                  .handleAsync(
                      (ignored, failure) -> {
                        try {
                          respond(
                              ctx,
                              held,
                              answer(held, r -> later.answer().answer(), request),
                              headers);
                        } catch (RuntimeException e) {
                          fail(route, ctx, e, headers);
                        }
                        return null;
                      },
                      ANSWERS));
      return;
    }
    respond(ctx, proceed, response, headers);
  }

  /**
   * One error model for whatever went wrong: a documented 4xx as it was thrown, anything else a
   * logged 500.
   */
  private void fail(Route route, Context ctx, RuntimeException e, Map<String, String> headers) {
    if (e instanceof ApiException api) {
      writeError(ctx, api, headers);
      return;
    }
    LOG.error("{} {} failed", route.method(), ctx.path(), e);
    writeError(ctx, ApiException.internal(), headers);
  }

  private ApiResponse answer(
      IdempotencyStore.Proceed proceed, ApiHandler handler, ApiRequest request) {
    try {
      return handler.handle(request);
    } catch (ApiException e) {
      release(proceed);
      throw e;
    } catch (RuntimeException e) {
      release(proceed);
      throw e;
    } catch (Exception e) {
      release(proceed);
      throw new IllegalStateException(e);
    }
  }

  private void respond(
      Context ctx,
      IdempotencyStore.Proceed proceed,
      ApiResponse response,
      Map<String, String> headers) {
    byte[] bytes;
    if (response.body() instanceof ApiResponse.Text text) {
      bytes = text.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      headers.put("Content-Type", text.contentType());
    } else {
      bytes = ApiJson.write(response.body());
    }
    if (proceed != null) {
      idempotency.complete(proceed, response.status(), bytes, response.headers());
    }
    headers.putAll(response.headers());
    write(ctx, response.status(), bytes, headers);
  }

  private static ExecutorService answerThreads() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            16,
            16,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "bridge-answer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private void release(IdempotencyStore.Proceed proceed) {
    if (proceed != null) {
      idempotency.release(proceed);
    }
  }

  /**
   * One bucket per account, shared by all its keys (N keys are not N times the limit), and one per
   * key that has limits of its own within the account's. The headers show the tighter of the two.
   */
  private void limit(Caller caller, Map<String, String> headers) {
    BridgeConfig.Limits account = caller.account().limits();
    ApiKeyRecord key = caller.key();
    RateLimiter.Decision d = null;
    if (key.rpm() != null || key.burst() != null) {
      BridgeConfig.Limits own =
          new BridgeConfig.Limits(
              Math.min(key.rpm() != null ? key.rpm() : account.rpm(), account.rpm()),
              Math.min(key.burst() != null ? key.burst() : account.burst(), account.burst()),
              account.maxJobsPerOptimize());
      d = rateLimiter.take("key:" + key.id(), own);
    }
    if (d == null || d.allowed()) {
      RateLimiter.Decision shared = rateLimiter.take("acct:" + caller.tenant(), account);
      if (d == null || !shared.allowed() || shared.remaining() < d.remaining()) {
        d = shared;
      }
    }
    apply(d, headers);
  }

  private static void apply(RateLimiter.Decision d, Map<String, String> headers) {
    headers.put("X-RateLimit-Limit", Integer.toString(d.limit()));
    headers.put("X-RateLimit-Remaining", Integer.toString(d.remaining()));
    headers.put("X-RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
    headers.put("X-RateLimit-Burst", Integer.toString(d.burst()));
    if (!d.allowed()) {
      throw ApiException.of(
              ApiErrorCode.RATE_LIMITED,
              "rate limit of "
                  + d.limit()
                  + " requests per minute (burst "
                  + d.burst()
                  + ") reached; retry after "
                  + d.retryAfterSeconds()
                  + " s")
          .withHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
    }
  }

  /**
   * Writes an error in the one error shape; also used for router-level errors (unknown path, 405).
   */
  public void writeError(Context ctx, ApiException e, Map<String, String> headers) {
    RequestBodies.drainUnread(ctx);
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putIfAbsent(SCHEMA_VERSION_HEADER, schemaVersion);
    all.putAll(e.headers());
    ctx.attribute(ERROR_CODE, e.code().code());
    write(ctx, e.code().status(), ApiJson.write(ErrorBody.of(e, config.docsUrl())), all);
  }

  public void writeError(Context ctx, ApiException e) {
    writeError(ctx, e, Map.of());
  }

  /**
   * Times an answered request by its route template; one no route took (an unknown path, a 405)
   * counts under {@code unmatched}, so a scan of random paths cannot grow the label set.
   */
  private void measure(Context ctx, int status) {
    Long started = ctx.attribute(STARTED);
    String taken = ctx.attribute(ROUTE);
    String route = taken == null ? "unmatched" : taken;
    long nanos = started == null ? 0 : System.nanoTime() - started;
    metrics.request(ctx.method().name(), route, status, nanos);
    if (status == 429 && ApiErrorCode.RATE_LIMITED.code().equals(ctx.attribute(ERROR_CODE))) {
      metrics.rateLimited(route);
    }
  }

  private void write(Context ctx, int status, byte[] body, Map<String, String> headers) {
    ApiCallAudit.Call call = ctx.attribute(AUDITED_CALL);
    if (call != null) {
      call.end(status, ctx.attribute(ERROR_CODE), "true".equals(headers.get(REPLAYED_HEADER)));
    }
    measure(ctx, status);
    ctx.status(status);
    ctx.contentType("application/json");
    headers.forEach(ctx::header); // a Content-Type among them (a text body's) wins
    ctx.result(body);
  }
}
