package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.auth.Scope;
import io.fleetstream.bridge.internal.billing.Meter;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.limits.ConcurrencyLimiter;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.DriverView;
import io.fleetstream.bridge.internal.views.JobView;
import io.fleetstream.bridge.internal.views.PlanWaiters;
import io.fleetstream.bridge.internal.views.RunView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /api/v1/optimize}, {@code GET /api/v1/optimization_runs/{id}} and {@code POST
 * /api/v1/optimization_runs/{id}/book}. An optimize writes a command carrying a snapshot of the
 * jobs and drivers as the views show them and, for up to {@code optimize.sync_max_jobs} jobs, waits
 * for the plan with its run id; otherwise (or past the timeout, or with {@code ?async=true}) it
 * answers 202 with a status URL. A synchronous wait holds no HTTP thread, and each account may have
 * {@code optimize.sync_max_concurrent} of them at once (429 {@code concurrency_limited} past that),
 * so one account's optimizes cannot starve the others.
 */
public final class OptimizeResource {

  /** The body of {@code POST /optimize}. */
  public record OptimizeRequest(
      List<String> jobIds, List<String> driverIds, OptionsRequest options, String mode) {}

  /**
   * What the bridge itself remembers about a run: what it was charged, the credits that minted, and
   * whether it was booked.
   */
  public record RunMeta(
      long chargedMicros,
      long balanceAfterMicros,
      String bookedRunId,
      String bookedFrom,
      long ownMintedMicros) {}

  private static final Set<String> MODES = Set.of("plan", "commit");
  static final int MAX_DRIVERS = 2000;

  private final BridgeConfig config;
  private final Writes writes;
  private final ViewStore views;
  private final PlanWaiters waiters;
  private final Table runMeta;
  private final RunRenderer renderer;
  private final ConcurrencyLimiter syncSlots;

  public OptimizeResource(
      BridgeConfig config,
      Writes writes,
      ViewStore views,
      PlanWaiters waiters,
      Table runMeta,
      RunRenderer renderer) {
    this.config = config;
    this.syncSlots = new ConcurrencyLimiter(config.syncOptimizeMaxConcurrent());
    this.writes = writes;
    this.views = views;
    this.waiters = waiters;
    this.runMeta = runMeta;
    this.renderer = renderer;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/optimize", Route.Access.KEY, this::optimize).scope(Scope.OPTIMIZE),
        Route.get("/api/v1/optimization_runs/{id}", Route.Access.KEY, this::get),
        Route.post("/api/v1/optimization_runs/{id}/book", Route.Access.KEY, this::book)
            .scope(Scope.OPTIMIZE));
  }

  ApiResponse optimize(ApiRequest request) {
    OptimizeRequest body = request.body(OptimizeRequest.class);
    boolean async = parseAsync(request);
    String mode = body.mode() == null ? "commit" : body.mode();
    if (!MODES.contains(mode)) {
      throw ApiException.invalid("mode", "mode must be 'plan' or 'commit'");
    }
    List<String> jobIds = Checks.required(body.jobIds(), "job_ids");
    List<String> driverIds = Checks.required(body.driverIds(), "driver_ids");
    int maxJobs = request.caller().account().limits().maxJobsPerOptimize();
    checkIds(jobIds, "job_ids", maxJobs);
    checkIds(driverIds, "driver_ids", MAX_DRIVERS);
    OptimizeOptions requested =
        body.options() == null ? null : OptionsRequest.check(body.options(), "options");
    OptimizeOptions effective =
        OptionsRequest.merge(
            OptionsRequest.merge(
                OptionsRequest.SYSTEM_DEFAULTS, request.caller().account().optimizeDefaults()),
            requested);
    checkLocksAgainst(effective, jobIds, driverIds);

    List<JobData> jobs = new ArrayList<>();
    for (int i = 0; i < jobIds.size(); i++) {
      String id = jobIds.get(i);
      String param = "job_ids[" + i + "]";
      JobView job =
          views
              .job(request.tenant(), id)
              .orElseThrow(() -> ApiException.notFound("job", id).withParam(param));
      if (!"open".equals(job.lifecycle())) {
        throw ApiException.of(
                ApiErrorCode.CONFLICT,
                "job " + id + " is " + job.lifecycle() + " and cannot be optimized")
            .withParam(param);
      }
      jobs.add(job.job());
    }
    List<DriverData> drivers = new ArrayList<>();
    for (int i = 0; i < driverIds.size(); i++) {
      String id = driverIds.get(i);
      String param = "driver_ids[" + i + "]";
      DriverView driver =
          views
              .driver(request.tenant(), id)
              .orElseThrow(() -> ApiException.notFound("driver", id).withParam(param));
      drivers.add(driver.driver());
    }
    String runId = Writes.newId(request, Ids.OPTIMIZATION_RUN);
    OptimizeRequestData command =
        new OptimizeRequestData(
            runId,
            Ids.random("req_"),
            mode,
            effective,
            jobs,
            drivers,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    boolean sync = !async && jobs.size() <= config.syncOptimizeMaxJobs();
    return submit(request, command, sync, null);
  }

  ApiResponse get(ApiRequest request) {
    String id = request.pathParam("id");
    RunView run =
        views
            .run(request.tenant(), id)
            .orElseThrow(() -> ApiException.notFound("optimization_run", id));
    return ApiResponse.ok(renderer.render(run, meta(request.tenant(), run.id())));
  }

  ApiResponse book(ApiRequest request) {
    String id = request.pathParam("id");
    RunView run =
        views
            .run(request.tenant(), id)
            .orElseThrow(() -> ApiException.notFound("optimization_run", id));
    RunMeta meta = meta(request.tenant(), id);
    if (!"plan".equals(run.mode())) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT,
              "run " + id + " was a commit run; only plan runs can be booked")
          .withParam("id");
    }
    if (!run.done()) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT,
              "run " + id + " is still processing; book it once it has completed")
          .withParam("id")
          .withHeader("Retry-After", "1");
    }
    if (!"completed".equals(run.status())) {
      throw ApiException.of(ApiErrorCode.CONFLICT, "run " + id + " failed and cannot be booked")
          .withParam("id");
    }
    if (meta != null && meta.bookedRunId() != null) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT, "run " + id + " was already booked as " + meta.bookedRunId())
          .withParam("id")
          .with("booked_run_id", meta.bookedRunId());
    }
    OptimizeRequestData original = run.request();
    if (original == null) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT, "the request of run " + id + " is not in the views yet")
          .withParam("id");
    }
    // Same snapshot, same options, the plan's seed: the solver reproduces the plan it showed, now
    // committed.
    OptimizeOptions o =
        original.options() == null ? OptionsRequest.SYSTEM_DEFAULTS : original.options();
    Long seed = run.plan().seed() != null ? run.plan().seed() : o.seed();
    OptimizeOptions pinned =
        new OptimizeOptions(
                o.shiftStart(),
                o.shiftEnd(),
                o.maxStopsPerDriver(),
                o.objective(),
                seed,
                o.timeLimitS())
            .withVersion2(o);
    String runId = Writes.newId(request, Ids.OPTIMIZATION_RUN);
    OptimizeRequestData command =
        new OptimizeRequestData(
            runId,
            Ids.random("req_"),
            "commit",
            pinned,
            original.jobs(),
            original.drivers(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    boolean sync = !parseAsync(request) && original.jobs().size() <= config.syncOptimizeMaxJobs();
    return submit(request, command, sync, id);
  }

  private ApiResponse submit(
      ApiRequest request, OptimizeRequestData command, boolean sync, String bookedFrom) {
    String tenant = request.tenant();
    // Refused before anything is charged or written: the caller may retry the very same request.
    if (sync && !syncSlots.tryAcquire(tenant)) {
      throw ApiException.of(
              ApiErrorCode.CONCURRENCY_LIMITED,
              "this account already has "
                  + syncSlots.cap()
                  + " synchronous optimizations waiting for their plans; retry after 1 s, or send ?async=true and poll the run")
          .withHeader("Retry-After", "1");
    }
    CompletableFuture<PlanData> plan = sync ? waiters.register(tenant, command.runId()) : null;
    Writes.Result result;
    try {
      result =
          writes.charged(
              request,
              Meter.Kind.OPTIMIZE,
              EventType.forOptimization(command),
              command.runId(),
              command,
              Map.of("options", "options"));
    } catch (RuntimeException e) {
      if (sync) {
        waiters.forget(tenant, command.runId());
        syncSlots.release(tenant);
      }
      throw e;
    }
    RunMeta meta =
        new RunMeta(
            result.charge().priceMicros(),
            result.charge().balanceAfterMicros(),
            null,
            bookedFrom,
            result.charge().mintedMicros());
    runMeta.put(tenant + "/" + command.runId(), meta);
    if (bookedFrom != null) {
      RunMeta original = meta(tenant, bookedFrom);
      runMeta.put(
          tenant + "/" + bookedFrom,
          new RunMeta(
              original == null ? 0 : original.chargedMicros(),
              original == null ? 0 : original.balanceAfterMicros(),
              command.runId(),
              null,
              original == null ? 0 : original.ownMintedMicros()));
    }
    if (!sync) {
      return answer(tenant, command.runId(), meta);
    }
    // The wait holds no thread: the plan (or the timeout) completes it, and the answer is built
    // then.
    CompletableFuture<PlanData> waited =
        plan.completeOnTimeout(
            null, config.syncOptimizeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    return ApiResponse.later(
        waited,
        () -> {
          try {
            if (waited.getNow(null) == null) {
              waiters.forget(tenant, command.runId());
            }
            return answer(tenant, command.runId(), meta);
          } finally {
            syncSlots.release(tenant);
          }
        });
  }

  /** 200 with the plan when the run is done, else 202 with where to poll. */
  private ApiResponse answer(String tenant, String runId, RunMeta meta) {
    RunView run = views.run(tenant, runId).orElseThrow();
    Object body = renderer.render(run, meta);
    if (run.done()) {
      return ApiResponse.ok(body);
    }
    return ApiResponse.accepted(body, renderer.statusUrl(runId)).withHeader("Retry-After", "1");
  }

  private RunMeta meta(String tenant, String runId) {
    return runMeta.get(tenant + "/" + runId, RunMeta.class).orElse(null);
  }

  /** {@code ?async=true|false} (false when absent); anything else is a 400 naming it. */
  static boolean parseAsync(ApiRequest request) {
    String async = request.query("async").orElse("false");
    if (!async.equals("true") && !async.equals("false")) {
      throw ApiException.invalid("async", "async must be true or false");
    }
    return async.equals("true");
  }

  private static void checkIds(List<String> ids, String field, int max) {
    if (ids.isEmpty()) {
      throw ApiException.invalid(field, "'" + field + "' needs at least one id");
    }
    if (ids.size() > max) {
      throw ApiException.invalid(
          field, "'" + field + "' has " + ids.size() + " ids; the limit is " + max);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (id == null || id.isEmpty()) {
        throw ApiException.invalid(field + "[" + i + "]", "ids are non-empty strings");
      }
      if (!seen.add(id)) {
        throw ApiException.invalid(field + "[" + i + "]", "id '" + id + "' is listed twice");
      }
    }
  }

  /**
   * Locks name only drivers and jobs of the request: a lock on anything else would be silently
   * meaningless.
   */
  private static void checkLocksAgainst(
      OptimizeOptions options, List<String> jobIds, List<String> driverIds) {
    Set<String> jobs = new HashSet<>(jobIds);
    options
        .lockedStops()
        .forEach(
            (driverId, locked) -> {
              String field = "options.locked_stops." + driverId;
              if (!driverIds.contains(driverId)) {
                throw ApiException.invalid(field, "driver " + driverId + " is not in driver_ids");
              }
              for (int i = 0; i < locked.size(); i++) {
                if (!jobs.contains(locked.get(i))) {
                  throw ApiException.invalid(
                      field + "[" + i + "]", "job " + locked.get(i) + " is not in job_ids");
                }
              }
            });
  }
}
