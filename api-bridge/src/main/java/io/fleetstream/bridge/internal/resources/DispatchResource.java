package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.auth.Scope;
import io.fleetstream.bridge.internal.billing.Meter;
import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.views.CommandWaiters;
import io.fleetstream.bridge.internal.views.JobView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.DecideData;
import io.fleetstream.schemas.events.DlqData;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.LockData;
import io.fleetstream.schemas.events.ManualAssignData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A dispatcher's commands, {@code /api/v1/dispatch/*} (scope {@code dispatch}): move a job to a
 * driver, pin or free it, place an emergency now. The bridge decides nothing itself: it writes the
 * command and answers with what the dispatch job made of it (the decisions it caused, or the dead
 * letter saying why it could not apply it), or 202 with where to look if that takes longer than the
 * reply timeout.
 */
public final class DispatchResource {

  /** The body of {@code POST /dispatch/reassign}. */
  public record ReassignRequest(String jobId, String driverId, Boolean lock, String reason) {}

  /** The body of {@code POST /dispatch/assign}. */
  public record AssignRequest(String jobId, Boolean dryRun, String reason) {}

  /** The body of {@code POST /dispatch/lock} and {@code /dispatch/unlock}. */
  public record LockRequest(String jobId, String reason) {}

  /**
   * The body of {@code POST /dispatch/emergency}: an existing job by {@code job_id}, or a new one
   * with the fields of {@code POST /jobs}.
   */
  public record EmergencyRequest(
      String jobId,
      String reason,
      String externalId,
      Double dropoffLat,
      Double dropoffLng,
      String dropoffAddress,
      Double serviceMinutes,
      java.time.OffsetDateTime windowStart,
      java.time.OffsetDateTime windowEnd,
      List<String> skills,
      String jobType,
      String zone) {

    JobRequest asJob() {
      return new JobRequest(
          externalId,
          dropoffLat,
          dropoffLng,
          dropoffAddress,
          serviceMinutes,
          1,
          windowStart,
          windowEnd,
          skills,
          jobType,
          zone,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }
  }

  /**
   * An emergency's job is under {@code /data/job}: its fields are named as on {@code POST /jobs}.
   */
  private static final Map<String, String> EMERGENCY_FIELDS = emergencyFields();

  private static Map<String, String> emergencyFields() {
    Map<String, String> m = new LinkedHashMap<>();
    JobResource.FIELDS.forEach((pointer, field) -> m.put("job/" + pointer, field));
    return Map.copyOf(m);
  }

  /** Where the job's answer to a command is: its decisions, their explanations, its refusals. */
  public static final Set<Topic> ANSWER_TOPICS = Set.of(Topic.ASSIGNMENTS, Topic.AUDIT, Topic.DLQ);

  private static final Map<EventType, String> TYPES =
      Map.of(
          EventType.DISPATCH_DECIDE, "assign",
          EventType.DISPATCH_ASSIGN, "reassign",
          EventType.DISPATCH_EMERGENCY, "emergency");

  private final Writes writes;
  private final ViewStore views;
  private final CommandWaiters waiters;
  private final Supplier<CompletableFuture<Void>> readThrough;
  private final Duration replyTimeout;

  /**
   * @param readThrough completes once the views hold everything committed when it was called
   */
  private final Addresses addresses;

  public DispatchResource(
      Writes writes,
      ViewStore views,
      CommandWaiters waiters,
      Supplier<CompletableFuture<Void>> readThrough,
      Duration replyTimeout,
      Places places) {
    this.addresses = new Addresses(places);
    this.writes = writes;
    this.views = views;
    this.waiters = waiters;
    this.readThrough = readThrough;
    this.replyTimeout = replyTimeout;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/dispatch/assign", Route.Access.KEY, this::assign).scope(Scope.DISPATCH),
        Route.post("/api/v1/dispatch/reassign", Route.Access.KEY, this::reassign)
            .scope(Scope.DISPATCH),
        Route.post("/api/v1/dispatch/lock", Route.Access.KEY, r -> lock(r, true))
            .scope(Scope.DISPATCH),
        Route.post("/api/v1/dispatch/unlock", Route.Access.KEY, r -> lock(r, false))
            .scope(Scope.DISPATCH),
        Route.post("/api/v1/dispatch/emergency", Route.Access.KEY, this::emergency)
            .scope(Scope.DISPATCH));
  }

  ApiResponse assign(ApiRequest request) {
    AssignRequest body = request.body(AssignRequest.class);
    Checks.all(
        () -> Checks.required(body.jobId(), "job_id"),
        () -> Checks.text(body.reason(), 512, "reason"));
    JobView job = openJob(request, body.jobId());
    boolean dry = Boolean.TRUE.equals(body.dryRun());
    if (!dry && job.locked()) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT,
              "job " + job.id() + " is pinned to its driver; unlock it first, or ask with dry_run")
          .withParam("job_id");
    }
    return send(
        request, EventType.DISPATCH_DECIDE, job.id(), new DecideData(job.id(), dry, body.reason()));
  }

  ApiResponse reassign(ApiRequest request) {
    ReassignRequest body = request.body(ReassignRequest.class);
    Checks.all(
        () -> Checks.required(body.jobId(), "job_id"),
        () -> Checks.required(body.driverId(), "driver_id"),
        () -> Checks.text(body.reason(), 512, "reason"));
    JobView job = openJob(request, body.jobId());
    if (views.driver(request.tenant(), body.driverId()).isEmpty()) {
      throw ApiException.notFound("driver", body.driverId()).withParam("driver_id");
    }
    ManualAssignData command =
        new ManualAssignData(job.id(), body.driverId(), body.lock(), body.reason());
    return send(request, EventType.DISPATCH_ASSIGN, job.id(), command);
  }

  ApiResponse lock(ApiRequest request, boolean pin) {
    LockRequest body = request.body(LockRequest.class);
    Checks.all(
        () -> Checks.required(body.jobId(), "job_id"),
        () -> Checks.text(body.reason(), 512, "reason"));
    JobView job = openJob(request, body.jobId());
    if (pin && job.currentDriver() == null) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT, "job " + job.id() + " has no driver to be pinned to")
          .withParam("job_id");
    }
    // The job answers a lock with nothing but a dead letter when it cannot pin: the answer is the
    // job as the command leaves it; a refusal shows as its last_error.
    writes.write(
        request,
        pin ? EventType.DISPATCH_LOCK : EventType.DISPATCH_UNLOCK,
        job.id(),
        new LockData(job.id(), body.reason()),
        Map.of());
    return ApiResponse.ok(JobResource.render(views.job(request.tenant(), job.id()).orElseThrow()));
  }

  ApiResponse emergency(ApiRequest request) {
    EmergencyRequest body = request.body(EmergencyRequest.class);
    Checks.text(body.reason(), 512, "reason");
    JobData job;
    if (body.jobId() != null) {
      job = openJob(request, body.jobId()).job().withPriority(1);
    } else {
      // An emergency is often known by its address: placed on the map like a job's.
      JobRequest fields = addresses.locate(body.asJob()).request();
      Checks.all(
          () -> Checks.required(fields.dropoffLat(), "dropoff_lat"),
          () -> Checks.required(fields.dropoffLng(), "dropoff_lng"),
          () -> JobResource.fieldChecks(fields));
      job = JobResource.toJob(Writes.newId(request, Ids.JOB), fields, null);
    }
    EmergencyDispatchData command = new EmergencyDispatchData(job, body.reason());
    return send(request, EventType.DISPATCH_EMERGENCY, job.jobId(), command);
  }

  /**
   * Writes the command and answers once the job decided the command's job (or refused the command)
   * and every output of the same transaction is folded: the decisions it caused and their audit
   * records, so the answer's links show them.
   */
  private ApiResponse send(ApiRequest request, EventType type, String jobId, EventData command) {
    String tenant = request.tenant();
    String commandId = Writes.eventId(request, type);
    CommandWaiters.Reply reply = waiters.register(tenant, commandId, jobId, decides(command));
    try {
      writes.command(
          request,
          Meter.Kind.WRITE,
          type,
          commandId,
          jobId,
          command,
          type == EventType.DISPATCH_EMERGENCY ? EMERGENCY_FIELDS : Map.of());
    } catch (RuntimeException e) {
      waiters.forget(tenant, commandId);
      throw e;
    }
    CompletableFuture<Void> answered =
        reply
            .answered()
            .thenCompose(
                done ->
                    reply.rejection() == null
                        ? readThrough.get()
                        : CompletableFuture.completedFuture(null))
            .completeOnTimeout(null, replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    return ApiResponse.later(
        answered,
        () -> {
          waiters.forget(tenant, commandId);
          return answer(tenant, type, commandId, jobId, reply);
        });
  }

  /** Whether the job answers the command with an assignment (a dry run only explains). */
  private static boolean decides(EventData command) {
    return !(command instanceof DecideData d && d.dry());
  }

  private ApiResponse answer(
      String tenant, EventType type, String commandId, String jobId, CommandWaiters.Reply reply) {
    DlqData rejected = reply.rejection();
    if (rejected != null) {
      String field = Writes.fieldOf(rejected.errorPath(), Map.of());
      throw ApiException.of(ApiErrorCode.CONFLICT, rejected.errorMessage())
          .withParam(field)
          .with("reason_code", rejected.errorCode());
    }
    AssignmentData decision = reply.decision();
    AuditDecisionData explanation = reply.explanation();
    boolean proposal = decision == null && explanation != null;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "dispatch_command");
    body.put("id", commandId);
    body.put("type", TYPES.get(type));
    body.put("status", proposal ? "proposed" : decision == null ? "pending" : "applied");
    body.put("job_id", jobId);
    body.put(
        "driver_id",
        decision != null ? decision.driverId() : proposal ? explanation.driverId() : null);
    if (type == EventType.DISPATCH_DECIDE) {
      body.put("decision", explanation == null ? null : AuditResource.render(explanation));
    }
    body.put("job", views.job(tenant, jobId).map(JobResource::render).orElse(null));
    if (type == EventType.DISPATCH_EMERGENCY) {
      List<Map<String, Object>> displaced = new ArrayList<>();
      for (AssignmentData other : reply.decisions()) {
        if (!other.jobId().equals(jobId)) {
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("job_id", other.jobId());
          d.put("from_driver_id", decision == null ? null : decision.driverId());
          d.put("driver_id", other.driverId());
          d.put("unassigned_reason", other.unassignedReason());
          displaced.add(d);
        }
      }
      body.put("displaced", decision == null ? null : displaced);
    }
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("job", "/api/v1/jobs/" + jobId);
    links.put("audit", "/api/v1/jobs/" + jobId + "/audit");
    body.put("_links", links);
    return decision == null && !proposal
        ? ApiResponse.accepted(body, "/api/v1/jobs/" + jobId)
        : ApiResponse.ok(body);
  }

  private JobView openJob(ApiRequest request, String id) {
    JobView job =
        views
            .job(request.tenant(), id)
            .orElseThrow(() -> ApiException.notFound("job", id).withParam("job_id"));
    if (!"open".equals(job.lifecycle())) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT,
              "job " + id + " is " + job.lifecycle() + "; only an open job can be dispatched")
          .withParam("job_id");
    }
    return job;
  }
}
