package io.fleetstream.bridge.internal.routing;

import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.RunView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.events.PlanData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing problems an account sent, kept for their polls until {@link #RETENTION} after they
 * finished, and the answers given from them and their runs: 202 while the run goes on, the result
 * once it is done, 404 {@code job_not_found} after.
 */
final class RoutingProblems {

  static final Duration RETENTION = Duration.ofMinutes(30);

  /** What is kept of a problem for its polls: the body (to echo addresses), the ignored options. */
  record Problem(String problemId, String runId, RoutingBody body, List<String> ignoredOptions) {}

  private final Table problems;
  private final ViewStore views;
  private final Clock clock;

  RoutingProblems(Table problems, ViewStore views, Clock clock) {
    this.problems = problems;
    this.views = views;
    this.clock = clock;
  }

  void keep(String tenant, Problem problem) {
    problems.put(key(tenant, problem.runId()), problem);
  }

  /** A problem this account sent whose run the views know. */
  boolean known(String tenant, String runId) {
    return problems.get(key(tenant, runId), Problem.class).isPresent()
        && views.run(tenant, runId).isPresent();
  }

  /** 200 with the result once the run is done, else 202: with where to poll after a POST. */
  ApiResponse answer(String tenant, String runId, boolean fromPost) {
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

  static RoutingError notFound(String problemId) {
    return RoutingError.of(
        404,
        "job_not_found",
        "no routing job with id '" + problemId + "' (or it finished more than 30 minutes ago)",
        "id");
  }

  private static String key(String tenant, String runId) {
    return tenant + "/" + runId;
  }
}
