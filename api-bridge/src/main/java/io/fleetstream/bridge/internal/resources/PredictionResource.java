package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.auth.Scope;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.events.DurationModelData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.state.DurationPrediction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/prediction/duration}: how long a job of a type will take, for one driver or
 * any, as the dispatch job's duration model learned it from completed jobs — the same estimate the
 * planner uses: the driver's own when they have enough history, else the job type's, else the
 * declared duration; a declared duration with a model that learned how far declarations are off is
 * that duration times the learned ratio. Reads the model the job published; changes nothing (scope
 * {@code read}).
 */
public final class PredictionResource {

  /** The body of {@code POST /prediction/duration}. */
  public record DurationRequest(String jobType, String driverId, Double declaredMinutes) {}

  private final ViewStore views;

  public PredictionResource(ViewStore views) {
    this.views = views;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/prediction/duration", Route.Access.KEY, this::duration)
            .scope(Scope.READ));
  }

  ApiResponse duration(ApiRequest request) {
    DurationRequest body = request.body(DurationRequest.class);
    Checks.all(
        () -> Checks.text(body.jobType(), 64, "job_type"),
        () -> Checks.text(body.driverId(), 128, "driver_id"),
        () -> Checks.range(body.declaredMinutes(), 0, 1440, "declared_minutes"));
    if (body.driverId() != null && views.driver(request.tenant(), body.driverId()).isEmpty()) {
      throw ApiException.notFound("driver", body.driverId()).withParam("driver_id");
    }
    String jobType = body.jobType() != null ? body.jobType() : JobData.DEFAULT_JOB_TYPE;
    Optional<DurationModelData> own =
        body.driverId() == null
            ? Optional.empty()
            : views.audit().durationModel(request.tenant(), jobType, body.driverId());
    Optional<DurationModelData> model =
        own.or(() -> views.audit().durationModel(request.tenant(), jobType, null));

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", "duration_prediction");
    m.put("job_type", jobType);
    m.put("driver_id", body.driverId());
    if (model.isPresent()) {
      DurationModelData d = model.get();
      double declared = body.declaredMinutes() == null ? 0 : body.declaredMinutes();
      boolean fromDeclared = DurationPrediction.fromDeclared(d.declaredRatio(), declared);
      double predicted =
          DurationPrediction.minutes(d.predictedMinutes(), d.declaredRatio(), declared);
      // To a tenth of a minute, as the model publishes its own.
      m.put("predicted_minutes", Math.round(predicted * 10) / 10.0);
      // The band is of the samples' own durations: it says nothing of a declared job's.
      m.put("low_minutes", fromDeclared ? null : d.lowMinutes());
      m.put("high_minutes", fromDeclared ? null : d.highMinutes());
      m.put("declared_ratio", d.declaredRatio());
      m.put("basis", own.isPresent() ? "driver" : "job_type");
      m.put("samples", d.samples());
      m.put("model_version", d.version());
      m.put("updated_at", d.updatedAt());
    } else {
      m.put("predicted_minutes", body.declaredMinutes());
      m.put("low_minutes", null);
      m.put("high_minutes", null);
      m.put("declared_ratio", null);
      m.put("basis", body.declaredMinutes() != null ? "declared" : "none");
      m.put("samples", 0);
      m.put("model_version", null);
      m.put("updated_at", null);
    }
    return ApiResponse.ok(m);
  }
}
