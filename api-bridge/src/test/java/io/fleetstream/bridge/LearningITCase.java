package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.DispatchStack;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retraining the scoring weights through the real bridge, broker and dispatch job: decisions and
 * their outcomes in, weights judged on held-out jobs out, and once activated the live dispatcher's
 * next decisions score with them and name their version.
 */
class LearningITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final String ZONE = "lrn-z";

  static DispatchStack dispatch;
  static RunningBridge bridge;
  static Api api;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    dispatch = DispatchStack.start(KAFKA.bootstrapServers());
    bridge = RunningBridge.unthrottled(KAFKA.bootstrapServers());
    api = bridge.api();
    api.checkAgainst(new OpenApiCheck(api.get("/.well-known/openapi.json").send().json()));
    key = api.newKey("learner", 5);
  }

  @AfterAll
  static void stop() throws Exception {
    bridge.close();
    dispatch.close();
  }

  @AfterEach
  void everyResponseMatchedTheOpenApiDocument() {
    assertThat(api.contractProblems()).isEmpty();
  }

  @Test
  void aRetrainLearnsFromOutcomesAndOnceActivatedTheDispatchersDecisionsUseAndNameIt() {
    for (int i = 0; i < 3; i++) {
      create(
          "/api/v1/drivers",
          "{\"start_lat\": 43.73, \"start_lng\": %s, \"zone\": \"%s\", \"max_concurrent_jobs\": 20}"
              .formatted(7.4200 + i * 1e-4, ZONE));
    }
    // Jobs next to the drivers get done; every third one, across town, fails: the closer the
    // driver (distance_score), the better the outcome.
    List<String> near = new ArrayList<>();
    List<String> far = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      boolean across = i % 3 == 2;
      String id =
          create(
              "/api/v1/jobs",
              "{\"dropoff_lat\": %s, \"dropoff_lng\": %s, \"service_minutes\": 5, \"zone\": \"%s\"}"
                  .formatted(
                      across ? 43.7450 + i * 1e-5 : 43.7300 + i * 1e-5,
                      across ? 7.4350 : 7.4200,
                      ZONE));
      (across ? far : near).add(id);
    }
    List<String> all = new ArrayList<>(near);
    all.addAll(far);
    await("every job assigned")
        .atMost(Duration.ofSeconds(90))
        .until(() -> all.stream().allMatch(j -> "assigned".equals(status(j))));
    near.forEach(j -> finish(j, "complete"));
    far.forEach(j -> finish(j, "fail"));
    await("every outcome in the views")
        .atMost(Duration.ofSeconds(60))
        .until(() -> all.stream().noneMatch(j -> "assigned".equals(status(j))));

    Api.Response none = api.get("/api/v1/learning/weights").key(key).send();
    assertThat(none.json().path("version").asInt()).isEqualTo(2);
    Api.Response trained =
        api.post("/api/v1/learning/run")
            .key(key)
            .json("{\"min_samples\": 20, \"holdout_fraction\": 0.2}")
            .send();

    assertThat(trained.status()).as(trained.toString()).isEqualTo(201);
    JsonNode run = trained.json();
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
    assertThat(run.path("weights_version").asInt()).isEqualTo(3);
    assertThat(run.path("previous").path("weights_version").asInt()).isEqualTo(2);
    assertThat(run.path("evaluation").path("training_jobs").asInt()).isEqualTo(24);
    assertThat(run.path("evaluation").path("holdout_jobs").asInt()).isEqualTo(6);
    assertThat(run.path("evaluation").path("on_time_rate").asDouble()).isEqualTo(0.667);
    assertThat(run.path("weights").path("distance").asDouble()).isPositive();
    assertThat(run.path("evaluation").path("auc_candidate").isNumber()).isTrue();
    System.out.printf(
        "learning run: weights %s, evaluation %s%n", run.path("weights"), run.path("evaluation"));

    String dispatcher =
        api.post("/api/v1/api_keys")
            .key(key)
            .json("{\"scopes\": [\"read\", \"dispatch\"]}")
            .send()
            .json()
            .path("key")
            .asText();
    String activate = "/api/v1/learning/runs/" + run.path("id").asText() + "/activate";
    Api.Response refused = api.post(activate).key(dispatcher).json("{}").send();
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.error().path("missing_scope").asText()).isEqualTo("admin");

    Api.Response activated = api.post(activate).key(key).json("{}").send();
    assertThat(activated.status()).as(activated.toString()).isEqualTo(200);
    assertThat(activated.json().path("activated_at").isTextual()).isTrue();
    JsonNode active = api.get("/api/v1/learning/weights").key(key).send().json();
    assertThat(active.path("version").asInt()).isEqualTo(3);
    assertThat(active.path("weights")).isEqualTo(run.path("weights"));

    // The activation reaches the planners through the commands topic, a new job through the jobs
    // topic: a job created at the same moment may still be decided with the old weights. Every
    // decision names the weights it used, and soon the new ones.
    List<Integer> versions = new ArrayList<>();
    await("a new job decided with the activated weights")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              String next =
                  create(
                      "/api/v1/jobs",
                      "{\"dropoff_lat\": 43.7302, \"dropoff_lng\": 7.4201, \"zone\": \"%s\"}"
                          .formatted(ZONE));
              int version = awaitAssigned(next).path("assignment").path("weights_version").asInt();
              versions.add(version);
              return version == 3;
            });
    assertThat(versions)
        .as("versions the new jobs were decided with")
        .allMatch(v -> v == 2 || v == 3);

    JsonNode again =
        api.post("/api/v1/learning/run")
            .key(key)
            .json("{\"min_samples\": 20, \"holdout_fraction\": 0.2}")
            .send()
            .json();
    assertThat(again.path("weights_version").asInt()).isEqualTo(4);
    assertThat(again.path("previous").path("weights_version").asInt()).isEqualTo(3);
    assertThat(again.path("weights"))
        .as("the same decisions and outcomes give the same weights")
        .isEqualTo(run.path("weights"));

    JsonNode starved =
        api.post("/api/v1/learning/run").key(key).json("{\"min_samples\": 100000}").send().json();
    assertThat(starved.path("status").asText()).isEqualTo("insufficient_data");
    Api.Response nothing =
        api.post("/api/v1/learning/runs/" + starved.path("id").asText() + "/activate")
            .key(key)
            .json("{}")
            .send();
    assertThat(nothing.status()).isEqualTo(409);
    Api.Response badHoldout =
        api.post("/api/v1/learning/run").key(key).json("{\"holdout_fraction\": 0.9}").send();
    assertThat(badHoldout.status()).isEqualTo(400);
    assertThat(badHoldout.error().path("param").asText()).isEqualTo("holdout_fraction");
  }

  private static String create(String path, String body) {
    Api.Response r = api.post(path).key(key).json(body).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static String status(String job) {
    return api.get("/api/v1/jobs/" + job).key(key).send().json().path("status").asText();
  }

  private static void finish(String job, String how) {
    Api.Response r = api.post("/api/v1/jobs/" + job + "/" + how).key(key).json("{}").send();
    assertThat(r.status()).as(r.toString()).isIn(200, 202);
  }

  private static JsonNode awaitAssigned(String job) {
    JsonNode[] last = new JsonNode[1];
    await("job " + job + " assigned")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              last[0] = api.get("/api/v1/jobs/" + job).key(key).send().json();
              return "assigned".equals(last[0].path("status").asText());
            });
    return last[0];
  }
}
