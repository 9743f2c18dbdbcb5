package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.views.JobView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.JobStatusData;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/jobs/{id}/start|complete|fail}: what happens in the field, as a technician's
 * app or an FSM system reports it. Each is the job event the dispatch job already takes from Kafka;
 * a start tells the planner who has the job (even another driver than it chose), a completion frees
 * the driver and is one duration sample for the predictions.
 */
public final class JobLifecycleResource {

  /**
   * The body of the three steps.
   *
   * @param driverId who did it; by default the driver the job is with
   * @param at when it happened on the device; by default now
   */
  public record StepRequest(String driverId, OffsetDateTime at, String reason) {}

  private static final Set<String> STARTABLE = Set.of("open");
  private static final Set<String> FINISHABLE = Set.of("open", "started");

  private final Writes writes;
  private final ViewStore views;

  public JobLifecycleResource(Writes writes, ViewStore views) {
    this.writes = writes;
    this.views = views;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/jobs/{id}/start", Route.Access.KEY, this::start),
        Route.post("/api/v1/jobs/{id}/complete", Route.Access.KEY, this::complete),
        Route.post("/api/v1/jobs/{id}/fail", Route.Access.KEY, this::fail));
  }

  ApiResponse start(ApiRequest request) {
    return step(request, EventType.JOB_STARTED, STARTABLE, "started");
  }

  ApiResponse complete(ApiRequest request) {
    return step(request, EventType.JOB_COMPLETED, FINISHABLE, "completed");
  }

  ApiResponse fail(ApiRequest request) {
    return step(request, EventType.JOB_FAILED, FINISHABLE, "failed");
  }

  private ApiResponse step(ApiRequest request, EventType type, Set<String> from, String verb) {
    StepRequest body = request.bodyOr(StepRequest.class, new StepRequest(null, null, null));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Checks.all(
        () -> Checks.text(body.reason(), 512, "reason"),
        () -> Checks.text(body.driverId(), 128, "driver_id"),
        () -> Checks.notAhead(body.at(), now, "at"));
    String id = request.pathParam("id");
    JobView job =
        views.job(request.tenant(), id).orElseThrow(() -> ApiException.notFound("job", id));
    if (!from.contains(job.lifecycle())) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT,
              "job " + id + " is " + job.lifecycle() + " and cannot be " + verb)
          .withParam("id");
    }
    String driverId = body.driverId() != null ? body.driverId() : job.currentDriver();
    if (driverId == null) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT,
              "job " + id + " is with no driver; name the driver_id who " + verb + " it")
          .withParam("driver_id");
    }
    if (body.driverId() != null && views.driver(request.tenant(), driverId).isEmpty()) {
      throw ApiException.notFound("driver", driverId).withParam("driver_id");
    }
    JobStatusData status =
        new JobStatusData(
            id,
            driverId,
            body.at() != null ? body.at().toInstant().truncatedTo(ChronoUnit.MILLIS) : now,
            body.reason(),
            null);
    return ApiResponse.ok(
        JobResource.render(
            writes
                .writeJob(request, type, id, status, Map.of("driver_id", "driver_id"))
                .filter(JobView::exists)
                .orElseThrow()));
  }
}
