package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.auth.Scope;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.learning.Learning;
import io.fleetstream.bridge.internal.learning.LearningRun;
import io.fleetstream.bridge.internal.learning.WeightsTrainer;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.ScoringWeightsData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/learning/run}, {@code GET /api/v1/learning/runs/{id}}, {@code POST
 * /api/v1/learning/runs/{id}/activate} and {@code GET /api/v1/learning/weights}: retrain the
 * account's scoring weights from its decisions and their outcomes, judge them against the active
 * ones on held-out jobs, and make them active only when asked. Activation is a command to the
 * dispatch job ({@code scoring.weights_activated}); from then on its decisions name the version.
 */
public final class LearningResource {

  /** The body of {@code POST /learning/run}. */
  public record TrainRequest(Integer days, Double holdoutFraction, Integer minSamples) {}

  static final String PREFIX = "lrn_";

  private final Writes writes;
  private final Learning learning;

  public LearningResource(Writes writes, Learning learning) {
    this.writes = writes;
    this.learning = learning;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/learning/run", Route.Access.KEY, this::train).scope(Scope.DISPATCH),
        Route.get("/api/v1/learning/runs/{id}", Route.Access.KEY, this::get),
        Route.post("/api/v1/learning/runs/{id}/activate", Route.Access.KEY, this::activate)
            .scope(Scope.ADMIN),
        Route.get("/api/v1/learning/weights", Route.Access.KEY, this::weights));
  }

  ApiResponse train(ApiRequest request) {
    TrainRequest body = request.bodyOr(TrainRequest.class, new TrainRequest(null, null, null));
    Checks.all(
        () -> Checks.range(body.days(), 1, 30, "days"),
        () -> Checks.range(body.holdoutFraction(), 0.1, 0.5, "holdout_fraction"),
        () -> Checks.range(body.minSamples(), 10, 100_000, "min_samples"));
    LearningRun run =
        learning.train(
            request.tenant(),
            Writes.newId(request, PREFIX),
            body.days() == null ? 30 : body.days(),
            body.holdoutFraction() == null ? 0.2 : body.holdoutFraction(),
            body.minSamples() == null ? 30 : body.minSamples());
    return ApiResponse.created(render(run));
  }

  ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(render(find(request)));
  }

  ApiResponse activate(ApiRequest request) {
    LearningRun run = find(request);
    if (run.weights() == null) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT,
              "run " + run.id() + " found no weights (" + run.status() + "): nothing to activate")
          .withParam("id");
    }
    ScoringWeightsData weights = learning.activation(run);
    writes.write(request, EventType.SCORING_WEIGHTS_ACTIVATED, "weights", weights, Map.of());
    return ApiResponse.ok(render(learning.activated(run, weights)));
  }

  ApiResponse weights(ApiRequest request) {
    ScoringWeightsData active = learning.active(request.tenant());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", "scoring_weights");
    if (active == null) {
      m.put("version", Learning.BUILT_IN_VERSION);
      m.put("weights", weights(Learning.BUILT_IN));
      m.put("learning_run_id", null);
      m.put("activated_at", null);
    } else {
      m.put("version", active.version());
      m.put(
          "weights",
          weights(
              new WeightsTrainer.Weights(
                  active.distance(),
                  active.availability(),
                  active.performance(),
                  active.punctuality(),
                  active.priority())));
      m.put("learning_run_id", active.learningRunId());
      m.put("activated_at", active.activatedAt());
    }
    return ApiResponse.ok(m);
  }

  private LearningRun find(ApiRequest request) {
    String id = request.pathParam("id");
    return learning
        .run(request.tenant(), id)
        .orElseThrow(() -> ApiException.notFound("learning_run", id));
  }

  static Map<String, Object> render(LearningRun r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("object", "learning_run");
    m.put("status", r.status());
    m.put("detail", r.detail());
    m.put("weights_version", r.version());
    m.put("weights", r.weights() == null ? null : weights(r.weights()));
    Map<String, Object> previous = new LinkedHashMap<>();
    previous.put("weights_version", r.previousVersion());
    previous.put("weights", weights(r.previousWeights()));
    m.put("previous", previous);
    Map<String, Object> evaluation = new LinkedHashMap<>();
    evaluation.put("training_jobs", r.trainingSamples());
    evaluation.put("holdout_jobs", r.holdoutSamples());
    evaluation.put("on_time_rate", r.onTimeRate());
    evaluation.put("auc_previous", r.aucPrevious());
    evaluation.put("auc_candidate", r.aucCandidate());
    m.put("evaluation", evaluation);
    m.put("from", r.from());
    m.put("to", r.to());
    m.put("created_at", r.createdAt());
    m.put("activated_at", r.activatedAt());
    Map<String, String> links = new LinkedHashMap<>();
    links.put("self", "/api/v1/learning/runs/" + r.id());
    if (r.weights() != null) {
      links.put("activate", "/api/v1/learning/runs/" + r.id() + "/activate");
    }
    m.put("_links", links);
    return m;
  }

  private static Map<String, Object> weights(WeightsTrainer.Weights w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("distance", w.distance());
    m.put("availability", w.availability());
    m.put("performance", w.performance());
    m.put("punctuality", w.punctuality());
    m.put("priority", w.priority());
    return m;
  }
}
