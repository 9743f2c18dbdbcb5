package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.auth.Scope;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.views.ApiCallView;
import io.fleetstream.bridge.internal.views.DecisionView;
import io.fleetstream.bridge.internal.views.RunView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.events.ApiCallData;
import io.fleetstream.schemas.events.AuditCandidate;
import io.fleetstream.schemas.events.AuditDecisionData;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decision log from {@code fleetstream.audit.v1}: {@code GET /api/v1/jobs/{id}/audit} (every
 * decision about one job, with the candidates the policy saw and why each was chosen or not) and
 * {@code GET /api/v1/audit/decisions?from&to&driver_id} (the account's decisions in a time range);
 * and the account's own state-changing API calls, {@code GET
 * /api/v1/audit/api_calls?from&to&key_id} (scope {@code admin}: it names keys and client
 * addresses).
 */
public final class AuditResource {

  static final Duration DEFAULT_RANGE = Duration.ofHours(24);

  /** The audit topic keeps 30 days; a longer range could only promise what is gone. */
  static final Duration MAX_RANGE = Duration.ofDays(31);

  private final ViewStore views;

  public AuditResource(ViewStore views) {
    this.views = views;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/jobs/{id}/audit", Route.Access.KEY, this::jobAudit),
        Route.get("/api/v1/audit/decisions", Route.Access.KEY, this::decisions),
        Route.get("/api/v1/optimization_runs/{id}/audit", Route.Access.KEY, this::runAudit),
        Route.get("/api/v1/audit/api_calls", Route.Access.KEY, this::apiCalls).scope(Scope.ADMIN));
  }

  ApiResponse jobAudit(ApiRequest request) {
    String id = request.pathParam("id");
    views.job(request.tenant(), id).orElseThrow(() -> ApiException.notFound("job", id));
    var page =
        views.audit().decisions(request.tenant(), id, Lists.cursor(request), Lists.limit(request));
    return ApiResponse.ok(Lists.page(request, page, DecisionView::cursor, AuditResource::render));
  }

  /**
   * A run's decision log: every decision about the run's jobs since the run was asked for — the
   * assignments a committed run made, and whatever the live dispatcher decided about those jobs
   * after.
   */
  ApiResponse runAudit(ApiRequest request) {
    String id = request.pathParam("id");
    RunView run =
        views
            .run(request.tenant(), id)
            .orElseThrow(() -> ApiException.notFound("optimization_run", id));
    Set<String> jobs = new HashSet<>(run.jobIds() == null ? List.of() : run.jobIds());
    Instant from = run.requestedAt() != null ? run.requestedAt() : Instant.EPOCH;
    var page =
        views
            .audit()
            .decisions(
                request.tenant(),
                from,
                Instant.now().plus(Duration.ofMinutes(1)),
                Lists.cursor(request),
                Lists.limit(request),
                d -> jobs.contains(d.decision().jobId()));
    return ApiResponse.ok(Lists.page(request, page, DecisionView::cursor, AuditResource::render));
  }

  ApiResponse decisions(ApiRequest request) {
    String driver = filter(request, "driver_id");
    Range range = range(request);
    var page =
        views
            .audit()
            .decisions(
                request.tenant(),
                range.from(),
                range.to(),
                Lists.cursor(request),
                Lists.limit(request),
                d -> driver == null || driver.equals(d.decision().driverId()));
    return ApiResponse.ok(Lists.page(request, page, DecisionView::cursor, AuditResource::render));
  }

  ApiResponse apiCalls(ApiRequest request) {
    String keyId = filter(request, "key_id");
    Range range = range(request);
    var page =
        views
            .audit()
            .apiCalls(
                request.tenant(),
                range.from(),
                range.to(),
                Lists.cursor(request),
                Lists.limit(request),
                c -> keyId == null || keyId.equals(c.call().keyId()));
    return ApiResponse.ok(Lists.page(request, page, ApiCallView::cursor, AuditResource::render));
  }

  /** An optional id to keep only the entries naming it. */
  private static String filter(ApiRequest request, String name) {
    String value = request.query(name).orElse(null);
    Checks.text(value, 128, name);
    return value;
  }

  private record Range(Instant from, Instant to) {}

  /** {@code ?from&to}: by default the last 24 hours, at most {@link #MAX_RANGE}. */
  private static Range range(ApiRequest request) {
    Instant to = time(request, "to", Instant.now());
    Instant from = time(request, "from", to.minus(DEFAULT_RANGE));
    if (!from.isBefore(to)) {
      throw ApiException.invalid("from", "from must be before to");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw ApiException.invalid("from", "a range spans at most " + MAX_RANGE.toDays() + " days");
    }
    return new Range(from, to);
  }

  private static Instant time(ApiRequest request, String name, Instant fallback) {
    String text = request.query(name).orElse(null);
    if (text == null) {
      return fallback;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          name, name + " must be an RFC 3339 date-time such as 2026-05-08T16:00:00Z");
    }
  }

  static Map<String, Object> render(DecisionView view) {
    return render(view.decision());
  }

  /** The API form of one decision-log record. */
  static Map<String, Object> render(AuditDecisionData d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", "decision");
    m.put("id", d.decisionEventId());
    m.put("job_id", d.jobId());
    m.put("decided_at", d.decidedAt());
    m.put("outcome", d.outcome());
    m.put("driver_id", d.driverId());
    m.put("unassigned_reason", d.unassignedReason());
    m.put("policy", d.policy());
    m.put("weights_version", d.weightsVersion());
    m.put("cause_event_id", d.causeEventId());
    m.put("cause_type", d.causeType());
    m.put("zone", d.zone());
    m.put("candidates_considered", d.candidatesConsidered());
    m.put("candidates", candidates(d.candidates()));
    m.put("predicted_service_minutes", d.predictedServiceMinutes());
    m.put("duration_model_version", d.durationModelVersion());
    return m;
  }

  static Map<String, Object> render(ApiCallView view) {
    ApiCallData c = view.call();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", "api_call");
    m.put("key_id", c.keyId());
    m.put("via", c.via());
    m.put("method", c.method());
    m.put("route", c.route());
    m.put("path", c.path());
    m.put("status", c.status());
    m.put("error_code", c.errorCode());
    m.put("idempotency_key", c.idempotencyKey());
    m.put("replayed", Boolean.TRUE.equals(c.replayed()));
    m.put("client_ip", c.clientIp());
    m.put("at", c.at());
    m.put("duration_ms", c.durationMs());
    return m;
  }

  /** The candidates in the policy's order, the scored ones ranked from 1. */
  static List<Map<String, Object>> candidates(List<AuditCandidate> all) {
    List<Map<String, Object>> out = new java.util.ArrayList<>(all.size());
    int rank = 0;
    for (AuditCandidate c : all) {
      out.add(candidate(c, c.score() == null ? null : ++rank));
    }
    return out;
  }

  private static Map<String, Object> candidate(AuditCandidate c, Integer rank) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("driver_id", c.driverId());
    m.put("rank", rank);
    m.put("distance_m", c.distanceM());
    m.put("score", c.score());
    m.put("excluded_reason", c.excludedReason());
    m.put("reason", c.reason());
    m.put("insert_at", c.insertAt());
    return m;
  }
}
