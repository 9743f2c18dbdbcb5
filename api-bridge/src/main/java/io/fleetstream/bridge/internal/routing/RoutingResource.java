package io.fleetstream.bridge.internal.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.auth.Scope;
import io.fleetstream.bridge.internal.billing.Meter;
import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.limits.ConcurrencyLimiter;
import io.fleetstream.bridge.internal.resources.Writes;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.PlanWaiters;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The routing API of seed 004: {@code POST /api/v1/routing/run} and {@code /routing/plan} plan
 * orders against a fleet without writing anything live, {@code GET /api/v1/routing/jobs/{id}} polls
 * (the id is the problemId). Each problem is an optimization run of the dispatch job (version 2:
 * pickups before their dropoffs, vehicles within capacity). {@code problemId} is the caller's
 * idempotency key within the account: a retry answers the same run and never solves or charges
 * twice. A run answers 200 when it finishes within the wait ({@code ?timeout=} seconds, 30 by
 * default, at most 120), else 202 with where to poll; a finished problem is kept 30 minutes, then
 * polling answers 404 {@code job_not_found}. {@code POST /routing/book} books orders live (see
 * {@link RoutingBooking}).
 */
public final class RoutingResource {

  static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
  static final Duration MAX_WAIT = Duration.ofSeconds(120);

  /** A van's tracked position older than this is not where it is: its booked start is used. */
  static final Duration LIVE_POSITION_AGE = Duration.ofMinutes(10);

  private final Writes writes;
  private final ViewStore views;
  private final PlanWaiters waiters;
  private final RoutingProblems problems;
  private final RoutingBooking booking;
  private final ConcurrencyLimiter waiting;
  private final Clock clock;
  private final AddressFill addresses;

  public RoutingResource(
      BridgeConfig config,
      Writes writes,
      ViewStore views,
      PlanWaiters waiters,
      Table problems,
      Places places) {
    this.writes = writes;
    this.addresses = new AddressFill(places);
    this.views = views;
    this.waiters = waiters;
    this.clock = Clock.systemUTC();
    this.problems = new RoutingProblems(problems, views, clock);
    this.waiting = new ConcurrencyLimiter(config.syncOptimizeMaxConcurrent());
    BookedZones booked =
        new BookedZones(
            problems,
            new LivePositions(
                config.kafkaBootstrap(),
                LIVE_POSITION_AGE,
                Duration.ofSeconds(2),
                Clock.systemUTC()));
    this.booking =
        new RoutingBooking(
            writes, views, waiters, this.problems, booked, waiting, addresses, clock);
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/routing/run", Route.Access.KEY, r -> guarded(() -> plan(r, false)))
            .scope(Scope.OPTIMIZE),
        Route.post("/api/v1/routing/plan", Route.Access.KEY, r -> guarded(() -> plan(r, true)))
            .scope(Scope.OPTIMIZE),
        Route.post("/api/v1/routing/book", Route.Access.KEY, r -> guarded(() -> booking.book(r)))
            .scope(Scope.OPTIMIZE),
        Route.get("/api/v1/routing/jobs/{id}", Route.Access.KEY, r -> guarded(() -> poll(r))));
  }

  /** A routing handler: its refusals are answered in this contract's error model. */
  private interface Handler {
    ApiResponse answer();
  }

  private static ApiResponse guarded(Handler handler) {
    try {
      return handler.answer();
    } catch (RoutingError e) {
      return e.response();
    } catch (ApiException e) {
      if (e.code().status() >= 500 || e.code().status() == 429 || e.code().status() == 402) {
        throw e; // the API's own answer (with its headers): overload, balance, faults
      }
      return RoutingError.from(e).response();
    }
  }

  private ApiResponse plan(ApiRequest request, boolean forcePlan) {
    RoutingBody body = request.body(RoutingBody.class);
    checkAccount(body.accountId());
    String problemId = problemId(body);
    String mode = forcePlan ? "plan" : body.mode();
    if (mode == null) {
      throw RoutingError.invalidInput("mode", "'mode' is required on /routing/run: plan");
    }
    if (!"plan".equals(mode)) {
      throw RoutingError.invalidRouting(
          "mode",
          "mode "
              + mode
              + " writes itineraries: send it to /routing/book; /routing/run plans only (mode"
              + " plan)");
    }
    Duration wait = wait(request);
    String tenant = request.tenant();
    String runId = RoutingMapper.runId(tenant, problemId);
    if (views.run(tenant, runId).isPresent()) {
      return problems.answer(tenant, runId, true); // a retry: the same run, never solved twice
    }
    body = addresses.fill(body);
    OptimizeRequestData command =
        RoutingMapper.map(
            tenant,
            body,
            request.caller().account().limits().maxJobsPerOptimize(),
            Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
    problems.keep(
        tenant,
        new RoutingProblems.Problem(
            problemId, runId, body, RoutingOptions.ignoredOptions(body.options())));
    if (!waiting.tryAcquire(tenant)) {
      wait = Duration.ZERO; // too many waiting already: answer 202 at once, the run goes on
    }
    boolean holds = !wait.isZero();
    CompletableFuture<PlanData> plan = holds ? waiters.register(tenant, runId) : null;
    try {
      writes.charged(
          request,
          Meter.Kind.OPTIMIZE,
          EventType.forOptimization(command),
          runId,
          command,
          Map.of());
    } catch (RuntimeException e) {
      if (holds) {
        waiters.forget(tenant, runId);
        waiting.release(tenant);
      }
      throw e;
    }
    if (!holds) {
      return problems.answer(tenant, runId, true);
    }
    CompletableFuture<PlanData> waited =
        plan.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS);
    return ApiResponse.later(
        waited,
        () -> {
          try {
            if (waited.getNow(null) == null) {
              waiters.forget(tenant, runId);
            }
            return problems.answer(tenant, runId, true);
          } finally {
            waiting.release(tenant);
          }
        });
  }

  private ApiResponse poll(ApiRequest request) {
    String problemId = request.pathParam("id");
    if (problemId == null || problemId.isBlank()) {
      throw RoutingError.invalidInput("id", "the job id is missing");
    }
    String tenant = request.tenant();
    String runId = RoutingMapper.runId(tenant, problemId);
    if (!problems.known(tenant, runId)) {
      throw RoutingProblems.notFound(problemId);
    }
    return problems.answer(tenant, runId, false);
  }

  static String problemId(RoutingBody body) {
    String problemId = body.problemId();
    if (problemId == null || problemId.isBlank() || problemId.length() > 128) {
      throw RoutingError.invalidInput("problemId", "'problemId' is required (1 to 128 characters)");
    }
    return problemId;
  }

  /** A numeric account id this server cannot match (its accounts have none); a string refused. */
  static void checkAccount(JsonNode accountId) {
    if (accountId == null || accountId.isNull()) {
      return;
    }
    if (accountId.isTextual()) {
      throw RoutingError.of(
          400,
          "string_account_id_unsupported",
          "a string accountId was sent; omit it (the key's account is used)",
          "accountId");
    }
    throw RoutingError.of(
        403,
        "account_mismatch",
        "accountId " + accountId + " is not the account of this key; omit it",
        "accountId");
  }

  private static Duration wait(ApiRequest request) {
    String text = request.query("timeout").orElse(null);
    if (text == null) {
      return DEFAULT_WAIT;
    }
    try {
      long seconds = Long.parseLong(text);
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(Math.min(seconds, MAX_WAIT.toSeconds()));
    } catch (NumberFormatException e) {
      throw RoutingError.invalidInput("timeout", "timeout is whole seconds, 0 to 120");
    }
  }
}
