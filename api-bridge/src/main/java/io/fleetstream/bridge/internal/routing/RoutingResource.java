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
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.limits.ConcurrencyLimiter;
import io.fleetstream.bridge.internal.resources.Writes;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.PlanWaiters;
import io.fleetstream.bridge.internal.views.RunView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
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
 * {@link #book}).
 */
public final class RoutingResource {

  static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
  static final Duration MAX_WAIT = Duration.ofSeconds(120);
  static final Duration RETENTION = Duration.ofMinutes(30);

  /** A van's tracked position older than this is not where it is: its booked start is used. */
  static final Duration LIVE_POSITION_AGE = Duration.ofMinutes(10);

  private final Writes writes;
  private final ViewStore views;
  private final PlanWaiters waiters;
  private final Table problems;
  private final BookedZones booked;
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
    this.problems = problems;
    this.booked =
        new BookedZones(
            problems,
            new LivePositions(
                config.kafkaBootstrap(),
                LIVE_POSITION_AGE,
                Duration.ofSeconds(2),
                Clock.systemUTC()));
    this.waiting = new ConcurrencyLimiter(config.syncOptimizeMaxConcurrent());
    this.clock = Clock.systemUTC();
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/routing/run", Route.Access.KEY, r -> guarded(() -> plan(r, false)))
            .scope(Scope.OPTIMIZE),
        Route.post("/api/v1/routing/plan", Route.Access.KEY, r -> guarded(() -> plan(r, true)))
            .scope(Scope.OPTIMIZE),
        Route.post("/api/v1/routing/book", Route.Access.KEY, r -> guarded(() -> book(r)))
            .scope(Scope.OPTIMIZE),
        Route.get("/api/v1/routing/jobs/{id}", Route.Access.KEY, r -> guarded(() -> poll(r))));
  }

  /** What is kept of a problem for its polls: the body (to echo addresses), the ignored options. */
  public record Problem(
      String problemId, String runId, RoutingBody body, List<String> ignoredOptions) {}

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

  /**
   * {@code POST /routing/book}, always synchronous. Mode {@code createItinerary}: the orders become
   * live jobs and the fleet live drivers (version-2 events, one zone of their own), and a committed
   * optimization run assigns them. Mode {@code updateItinerary}: the booked itineraries {@code
   * targetItineraryIds} are planned again with their open jobs (started ones stay first) and the
   * body's new orders, which become live jobs of the same zone, and the committed run reassigns
   * them (see {@link BookedZones#update}). The answer is the booked itineraries. A problemId is
   * booked once: again, 409 {@code already_booked}; a retry while it is still being booked waits
   * for it.
   */
  private ApiResponse book(ApiRequest request) {
    RoutingBody body = request.body(RoutingBody.class);
    checkAccount(body.accountId());
    String problemId = problemId(body);
    if (body.mode() == null) {
      throw RoutingError.invalidInput(
          "mode", "'mode' is required on /routing/book: createItinerary or updateItinerary");
    }
    boolean update = "updateItinerary".equals(body.mode());
    if (!update && !"createItinerary".equals(body.mode())) {
      throw RoutingError.invalidRouting(
          "mode",
          "mode "
              + body.mode()
              + " is not offered by /routing/book: createItinerary or updateItinerary");
    }
    String tenant = request.tenant();
    String runId = RoutingMapper.runId(tenant, problemId, RoutingMapper.Kind.BOOK);
    var existing = views.run(tenant, runId);
    if (existing.isPresent() && existing.get().done()) {
      throw RoutingError.of(
          409,
          "already_booked",
          "problem '" + problemId + "' was booked already; plan again under a new problemId",
          "problemId");
    }
    if (!waiting.tryAcquire(tenant)) {
      throw RoutingError.of(
          429, "rate_limit_error", "too many routing requests waiting for this account", null);
    }
    CompletableFuture<PlanData> plan = waiters.register(tenant, runId);
    try {
      if (existing.isEmpty()) {
        body = addresses.fill(body);
        int maxOrders = request.caller().account().limits().maxJobsPerOptimize();
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        OptimizeRequestData command;
        RoutingBody rendered;
        List<DriverData> newDrivers;
        List<JobData> newJobs;
        BookedZones.Update updated = null;
        if (update) {
          updated = booked.update(tenant, body, views, maxOrders, now);
          command = updated.command();
          rendered = updated.rendered();
          newDrivers = List.of();
          newJobs = updated.newJobs();
        } else {
          command = RoutingMapper.map(tenant, body, maxOrders, now, RoutingMapper.Kind.BOOK);
          rendered = body;
          newDrivers = command.drivers();
          newJobs = command.jobs();
        }
        problems.put(
            key(tenant, runId),
            new Problem(problemId, runId, rendered, RoutingOptions.ignoredOptions(body.options())));
        // Ids of their own, derived from the problem: a retried booking writes the same events.
        for (var driver : newDrivers) {
          writes.command(
              request,
              Meter.Kind.WRITE,
              EventType.forDriver(true, driver),
              Ids.derived(Ids.EVENT, runId, driver.driverId()),
              driver.driverId(),
              driver,
              Map.of());
        }
        for (var job : newJobs) {
          writes.command(
              request,
              Meter.Kind.WRITE,
              EventType.forJob(true, job),
              Ids.derived(Ids.EVENT, runId, job.jobId()),
              job.jobId(),
              job,
              Map.of());
        }
        writes.charged(
            request,
            Meter.Kind.OPTIMIZE,
            EventType.forOptimization(command),
            runId,
            command,
            Map.of());
        if (update) {
          booked.added(tenant, updated);
        } else {
          booked.booked(tenant, command, body);
        }
      }
    } catch (RuntimeException e) {
      waiters.forget(tenant, runId);
      waiting.release(tenant);
      throw e;
    }
    CompletableFuture<PlanData> waited =
        plan.completeOnTimeout(null, MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return ApiResponse.later(
        waited,
        () -> {
          try {
            if (waited.getNow(null) == null
                && !views.run(tenant, runId).map(RunView::done).orElse(false)) {
              waiters.forget(tenant, runId);
              throw RoutingError.of(
                  500,
                  "book_failed",
                  "the booking's optimization did not finish within "
                      + MAX_WAIT.toSeconds()
                      + " s; retry with the same problemId (it goes on, and is booked once)",
                  null);
            }
            return answer(tenant, runId, false);
          } catch (RoutingError e) {
            return e.response();
          } finally {
            waiting.release(tenant);
          }
        });
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
      return answer(tenant, runId, true); // a retry: the same run, never solved twice
    }
    body = addresses.fill(body);
    OptimizeRequestData command =
        RoutingMapper.map(
            tenant,
            body,
            request.caller().account().limits().maxJobsPerOptimize(),
            Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
    problems.put(
        key(tenant, runId),
        new Problem(problemId, runId, body, RoutingOptions.ignoredOptions(body.options())));
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
      return answer(tenant, runId, true);
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
            return answer(tenant, runId, true);
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
    if (problems.get(key(tenant, runId), Problem.class).isEmpty()
        || views.run(tenant, runId).isEmpty()) {
      throw notFound(problemId);
    }
    return answer(tenant, runId, false);
  }

  /** 200 with the result once the run is done, else 202: with where to poll after a POST. */
  private ApiResponse answer(String tenant, String runId, boolean fromPost) {
    Problem problem = problems.get(key(tenant, runId), Problem.class).orElseThrow();
    RunView run = views.run(tenant, runId).orElseThrow();
    if (!run.done()) {
      if (!fromPost) {
        return new ApiResponse(202, Map.of("status", "processing"), Map.of("Retry-After", "1"));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("jobId", problem.problemId());
      body.put("problemId", problem.problemId());
      body.put("status", "processing");
      body.put("statusUrl", "/api/v1/routing/jobs/" + problem.problemId());
      return new ApiResponse(202, body, Map.of("Retry-After", "1"));
    }
    PlanData plan = run.plan();
    if (!fromPost && expired(plan.completedAt(), Instant.now(clock))) {
      throw notFound(problem.problemId());
    }
    if (!"completed".equals(plan.status())) {
      throw RoutingError.of(
          500,
          "optimization_failed",
          "the optimizer did not return a usable result: " + plan.error(),
          null);
    }
    return ApiResponse.ok(RoutingResult.render(problem, run.request(), plan));
  }

  /** A finished problem is kept {@link #RETENTION} after it finished. */
  static boolean expired(Instant completedAt, Instant now) {
    return completedAt != null && now.isAfter(completedAt.plus(RETENTION));
  }

  private static RoutingError notFound(String problemId) {
    return RoutingError.of(
        404,
        "job_not_found",
        "no routing job with id '" + problemId + "' (or it finished more than 30 minutes ago)",
        "id");
  }

  private static String problemId(RoutingBody body) {
    String problemId = body.problemId();
    if (problemId == null || problemId.isBlank() || problemId.length() > 128) {
      throw RoutingError.invalidInput("problemId", "'problemId' is required (1 to 128 characters)");
    }
    return problemId;
  }

  /** A numeric account id this server cannot match (its accounts have none); a string refused. */
  private static void checkAccount(JsonNode accountId) {
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

  private static String key(String tenant, String runId) {
    return tenant + "/" + runId;
  }
}
