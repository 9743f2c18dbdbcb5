package io.fleetstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.BridgeMain;
import io.fleetstream.broker.process.ChildJvm;
import io.fleetstream.connectors.flink.FleetstreamKafka;
import io.fleetstream.connectors.kafka.KafkaSecurity;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.deploy.k8s.Kustomize.Rendered;
import io.fleetstream.functions.FunctionsModule;
import io.fleetstream.jobs.DispatchJob;
import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.jobs.DispatchJobMain;
import io.fleetstream.schemas.Topic;
import io.fleetstream.statefun.FunctionsRuntime;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests (deploy/k8s) and container builds (deploy/docker): both overlays render
 * with {@code kubectl kustomize}, every rendered document matches its kind's schema, and what they
 * say agrees with the code they deploy. No cluster is involved: this is what can be known without
 * one.
 */
class KubernetesManifestsTest {

  private static final String EMBEDDED = "deploy/k8s/overlays/embedded-size";
  private static final String PRODUCTION = "deploy/k8s/overlays/production-size";
  private static final String KAFKA = "fleetstream";
  private static final String DISPATCH = "fleetstream-dispatch";
  private static final String BRIDGE = "fleetstream-bridge";
  private static final String FUNCTIONS = "fleetstream-functions";
  private static final String STATEFUN = "fleetstream-statefun-runtime";

  /** Created by whoever deploys (docs/operations.md, section 8), never by the manifests. */
  private static final String SEAL_SECRET = "fleetstream-webhook-seal";

  /** The Kafka client settings of production-size's components, and the file in it. */
  private static final String KAFKA_CLIENT = "fleetstream-kafka-client";

  private static final String KAFKA_CLIENT_FILE = "kafka-client.properties";

  private static Path repo;
  private static ManifestSchemas schemas;
  private static Rendered embedded;
  private static Rendered production;

  @BeforeAll
  static void render() {
    Path module = Path.of("").toAbsolutePath();
    repo = module.getParent();
    assertThat(repo.resolve("deploy/k8s/base/kustomization.yaml")).isRegularFile();
    schemas = new ManifestSchemas(module.resolve("target/k8s-schemas"));
    embedded = Kustomize.render(repo, EMBEDDED);
    production = Kustomize.render(repo, PRODUCTION);
  }

  private static List<Rendered> overlays() {
    return List.of(embedded, production);
  }

  @Test
  void everyRenderedDocumentMatchesTheSchemaOfItsKind() {
    for (Rendered overlay : overlays()) {
      List<String> errors = new ArrayList<>();
      overlay.docs().forEach(doc -> errors.addAll(schemas.errors(doc)));
      assertThat(errors).as("schema errors in %s", overlay).isEmpty();
      assertThat(overlay.docs().stream().map(d -> d.path("kind").asText()).distinct())
          .as("%s renders every part", overlay)
          .contains(
              "Namespace",
              "Kafka",
              "KafkaNodePool",
              "KafkaTopic",
              "FlinkDeployment",
              "StatefulSet",
              "Deployment",
              "Service",
              "ConfigMap",
              "HorizontalPodAutoscaler",
              "PodDisruptionBudget",
              "Role",
              "RoleBinding",
              "ServiceAccount");
    }
  }

  @Test
  void theSchemaCheckRejectsMisspeltFieldsAndWrongTypes() throws IOException {
    JsonNode bridge = embedded.one("StatefulSet", BRIDGE);
    JsonNode flink = embedded.one("FlinkDeployment", DISPATCH);
    JsonNode topic = embedded.all("KafkaTopic").get(0);
    JsonNode pool = embedded.only("KafkaNodePool");
    // The unchanged documents pass, so each rejection below is the one change's doing.
    assertThat(schemas.errors(bridge)).isEmpty();

    assertThat(
            schemas.errors(
                renamed(
                    bridge, "/spec/template/spec/containers/0", "livenessProbe", "livenesProbe")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("livenesProbe");
    assertThat(
            schemas.errors(
                replaced(
                    bridge,
                    "/spec/template/spec/containers/0/ports/0",
                    "containerPort",
                    "\"http\"")))
        .isNotEmpty();
    assertThat(
            schemas.errors(
                renamed(bridge, "/spec/volumeClaimTemplates/0/spec", "accessModes", "accessMode")))
        .as("the claim templates are checked as PersistentVolumeClaims")
        .anySatisfy(e -> assertThat(e).contains("accessMode"));
    assertThat(
            schemas.errors(
                replaced(bridge, "/spec/template/metadata/labels", "app.kubernetes.io/name", "7")))
        .as("a label value must be a string")
        .isNotEmpty();

    assertThat(schemas.errors(renamed(flink, "/spec/job", "upgradeMode", "upgradeMod")))
        .anySatisfy(e -> assertThat(e).contains("upgradeMod"));
    assertThat(schemas.errors(replaced(flink, "/spec/job", "parallelism", "\"two\""))).isNotEmpty();
    assertThat(schemas.errors(replaced(flink, "/spec/job", "upgradeMode", "\"snapshot\"")))
        .as("upgradeMode is one of the operator's modes")
        .isNotEmpty();
    assertThat(
            schemas.errors(
                renamed(
                    flink,
                    "/spec/taskManager/podTemplate/spec/containers/0",
                    "volumeMounts",
                    "volumeMount")))
        .as("the podTemplate is checked as a Pod")
        .anySatisfy(e -> assertThat(e).contains("volumeMount"));

    assertThat(schemas.errors(renamed(topic, "/spec", "partitions", "partiton")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("partiton");
    assertThat(schemas.errors(replaced(topic, "/spec", "replicas", "\"three\""))).isNotEmpty();
    assertThat(schemas.errors(replaced(pool, "/spec/storage", "type", "\"raid\"")))
        .as("Strimzi's storage types")
        .isNotEmpty();
  }

  /**
   * One KafkaTopic per contract topic with TopicAdmin's configs, and one for the bridges' shared
   * state with StateLog's: the topics the code would create for itself where it may (the topic
   * operator makes them here, and production-size's users may not create topics).
   */
  @Test
  void thereIsOneKafkaTopicPerTopicTheCodeCreatesWithItsConfigs() {
    for (Rendered overlay : overlays()) {
      Map<String, JsonNode> byTopic = new TreeMap<>();
      for (JsonNode t : overlay.all("KafkaTopic")) {
        assertThat(byTopic.put(t.at("/spec/topicName").asText(), t)).as("duplicate %s", t).isNull();
        assertThat(t.at("/metadata/labels/strimzi.io~1cluster").asText())
            .as("the topic operator only manages topics labelled with its cluster")
            .isEqualTo(KAFKA);
      }
      List<String> expected = new ArrayList<>();
      Stream.of(Topic.values()).map(Topic::topicName).forEach(expected::add);
      expected.add(TopicAdmin.BRIDGE_STATE_TOPIC);
      assertThat(byTopic.keySet()).as(overlay.dir()).containsExactlyInAnyOrderElementsOf(expected);
      for (Topic topic : Topic.values()) {
        assertThat(strings(byTopic.get(topic.topicName()).at("/spec/config")))
            .as("%s in %s", topic, overlay)
            .containsAllEntriesOf(TopicAdmin.configFor(topic));
      }
      JsonNode state = byTopic.get(TopicAdmin.BRIDGE_STATE_TOPIC).path("spec");
      assertThat(strings(state.path("config")))
          .as("the bridge state topic in %s", overlay)
          .containsAllEntriesOf(TopicAdmin.bridgeStateConfig());
      assertThat(state.path("partitions").asInt())
          .as("StateLog creates and reads one partition: its one order decides claims")
          .isEqualTo(1);
    }
  }

  @Test
  void kafkaAllowsTheLongestTransactionAndRunsTheTopicOperator() {
    for (Rendered overlay : overlays()) {
      JsonNode kafka = overlay.one("Kafka", KAFKA);
      JsonNode config = kafka.at("/spec/kafka/config");
      long maxTimeout = config.path("transaction.max.timeout.ms").asLong();
      assertThat(maxTimeout)
          .as("the dispatch job's transactions (%s)", FleetstreamKafka.TRANSACTION_TIMEOUT)
          .isGreaterThanOrEqualTo(FleetstreamKafka.TRANSACTION_TIMEOUT.toMillis());
      assertThat(maxTimeout)
          .as("the StateFun egress's transactionTimeout in module.yaml")
          .isGreaterThanOrEqualTo(statefunEgressTimeout(overlay).toMillis());
      assertThat(kafka.at("/spec/entityOperator/topicOperator").isObject())
          .as("without the topic operator no KafkaTopic is created")
          .isTrue();
      int brokers = brokers(overlay);
      assertThat(config.path("default.replication.factor").asInt()).isLessThanOrEqualTo(brokers);
      assertThat(config.path("transaction.state.log.replication.factor").asInt())
          .isEqualTo(brokers);
      assertThat(config.path("offsets.topic.replication.factor").asInt()).isEqualTo(brokers);
      for (JsonNode topic : overlay.all("KafkaTopic")) {
        assertThat(topic.at("/spec/replicas").asInt()).isLessThanOrEqualTo(brokers);
        assertThat(config.path("min.insync.replicas").asInt())
            .as("writes to %s need fewer in-sync replicas than it has", topic.at("/spec/topicName"))
            .isLessThanOrEqualTo(topic.at("/spec/replicas").asInt());
      }
    }
  }

  @Test
  void productionSizeIsReplicatedWhereEmbeddedSizeIsNot() {
    assertThat(brokers(embedded)).isEqualTo(1);
    assertThat(brokers(production)).isEqualTo(3);
    assertThat(production.one("Kafka", KAFKA).at("/spec/kafka/config/min.insync.replicas").asInt())
        .isEqualTo(2);
    assertThat(
            production
                .one("Kafka", KAFKA)
                .at("/spec/kafka/config/transaction.state.log.min.isr")
                .asInt())
        .isEqualTo(2);
    assertThat(production.all("KafkaTopic"))
        .allSatisfy(t -> assertThat(t.at("/spec/replicas").asInt()).isEqualTo(3));
    assertThat(contractTopics(production))
        .allSatisfy(t -> assertThat(t.at("/spec/partitions").asInt()).isEqualTo(12));
    assertThat(embedded.all("KafkaTopic"))
        .allSatisfy(t -> assertThat(t.at("/spec/replicas").asInt()).isEqualTo(1));
    assertThat(contractTopics(embedded))
        .allSatisfy(t -> assertThat(t.at("/spec/partitions").asInt()).isEqualTo(4));
    int embeddedParallelism =
        embedded.one("FlinkDeployment", DISPATCH).at("/spec/job/parallelism").asInt();
    int productionParallelism =
        production.one("FlinkDeployment", DISPATCH).at("/spec/job/parallelism").asInt();
    assertThat(productionParallelism).isGreaterThan(embeddedParallelism);
    for (Rendered overlay : overlays()) {
      // A source subtask without a partition idles; more subtasks than partitions is waste.
      assertThat(overlay.one("FlinkDeployment", DISPATCH).at("/spec/job/parallelism").asInt())
          .isLessThanOrEqualTo(contractTopics(overlay).get(0).at("/spec/partitions").asInt());
    }
    assertThat(production.one("FlinkDeployment", DISPATCH).at("/spec/jobManager/replicas").asInt())
        .as("a standby JobManager")
        .isEqualTo(2);
    assertThat(production.one("Deployment", FUNCTIONS).at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(production.one("HorizontalPodAutoscaler", BRIDGE).at("/spec/minReplicas").asInt())
        .as("several bridges, so that one restarting or evicted leaves others serving")
        .isGreaterThanOrEqualTo(2);
    assertThat(production.one("HorizontalPodAutoscaler", BRIDGE).at("/spec/maxReplicas").asInt())
        .isGreaterThan(
            embedded.one("HorizontalPodAutoscaler", BRIDGE).at("/spec/maxReplicas").asInt());
  }

  @Test
  void theDispatchJobRunsDispatchJobMainAgainstTheStrimziBootstrap() throws Exception {
    Dockerfile image = dockerfile("flink-job");
    for (Rendered overlay : overlays()) {
      JsonNode job = overlay.one("FlinkDeployment", DISPATCH).path("spec").path("job");
      assertThat(job.path("entryClass").asText()).isEqualTo(DispatchJobMain.class.getName());
      assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
      assertThat(job.path("state").asText()).isEqualTo("running");
      List<String> args = new ArrayList<>();
      job.path("args").forEach(a -> args.add(a.asText()));
      if (secured(overlay)) {
        assertThat(args)
            .containsExactly(
                "--kafka",
                bootstrap(overlay),
                "--kafka-config",
                "/etc/fleetstream/kafka/" + KAFKA_CLIENT_FILE);
      } else {
        assertThat(args).containsExactly("--kafka", bootstrap(overlay));
      }
      // The job would turn s3://bucket/x into a local path: the checkpoint directory comes from
      // the cluster's configuration instead (checked below).
      assertThat(
              DispatchJobConfig.defaults()
                  .withCheckpointDir(Path.of("s3://bucket/checkpoints"))
                  .toFlinkConfiguration()
                  .get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
          .doesNotStartWith("s3://");
      // local:// is a path in the image: the one the Dockerfile copies the shaded jar to.
      String jar = URI.create(job.path("jarURI").asText()).getPath();
      assertThat(image.last().arguments("COPY"))
          .anySatisfy(copy -> assertThat(copy).endsWith(" " + jar));
    }
  }

  @Test
  void theDispatchJobKeepsItsStateInObjectStorageWithHaAndRocksDbOnAVolume() {
    for (Rendered overlay : overlays()) {
      JsonNode spec = overlay.one("FlinkDeployment", DISPATCH).path("spec");
      Map<String, String> flink = strings(spec.path("flinkConfiguration"));
      Configuration conf = Configuration.fromMap(flink);
      // Everything the job sets for itself when given --checkpoint-dir, with the same values.
      Configuration own =
          DispatchJobConfig.defaults().withCheckpointDir(Path.of("/x")).toFlinkConfiguration();
      for (String key : own.keySet()) {
        assertThat(flink).as("%s in %s", key, overlay).containsKey(key);
        if (!key.equals(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key())) {
          assertThat(conf.toMap().get(key)).as(key).isEqualTo(own.toMap().get(key));
        }
      }
      assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
      assertThat(conf.get(HighAvailabilityOptions.HA_MODE)).isEqualTo("kubernetes");
      List<String> stateDirs =
          List.of(
              conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY),
              conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY),
              conf.get(HighAvailabilityOptions.HA_STORAGE_PATH));
      Set<String> buckets = new HashSet<>();
      for (String dir : stateDirs) {
        URI uri = URI.create(dir);
        assertThat(uri.getScheme()).as(dir).isEqualTo("s3");
        buckets.add(uri.getHost());
      }
      assertThat(buckets).as("one bucket per overlay, set by the overlay").hasSize(1);
      assertThat(buckets.iterator().next())
          .isNotEqualTo(
              URI.create(
                      strings(baseFlinkConfiguration())
                          .get(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()))
                  .getHost());

      // RocksDB's working directory is a volume mounted into the TaskManagers' Flink container.
      String localDir = conf.get(RocksDBOptions.LOCAL_DIRECTORIES);
      JsonNode tmPod = spec.at("/taskManager/podTemplate/spec");
      String volume = null;
      for (JsonNode c : tmPod.path("containers")) {
        if (c.path("name").asText().equals("flink-main-container")) {
          for (JsonNode m : c.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(localDir)) {
              volume = m.path("name").asText();
            }
          }
        }
      }
      assertThat(volume).as("a volume at %s", localDir).isNotNull();
      String name = volume;
      assertThat(tmPod.path("volumes"))
          .anySatisfy(v -> assertThat(v.path("name").asText()).isEqualTo(name));

      String reporter = "metrics.reporter.prom.";
      assertThat(flink.get(reporter + MetricOptions.REPORTER_FACTORY_CLASS.key()))
          .satisfies(factory -> Class.forName(factory));
      assertThat(spec.path("serviceAccount").asText()).isEqualTo("flink");
      assertThat(spec.path("flinkVersion").asText()).isEqualTo(flinkVersionEnum());
    }
  }

  @Test
  void everyFlinkConfigurationKeyIsAFlinkOption() throws IllegalAccessException {
    Map<String, ConfigOption<?>> options = new HashMap<>();
    for (Class<?> holder :
        List.of(
            CheckpointingOptions.class,
            StateBackendOptions.class,
            RocksDBOptions.class,
            HighAvailabilityOptions.class,
            TaskManagerOptions.class)) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
          ConfigOption<?> option = (ConfigOption<?>) field.get(null);
          options.put(option.key(), option);
        }
      }
    }
    for (Rendered overlay : overlays()) {
      Map<String, String> flink =
          strings(overlay.one("FlinkDeployment", DISPATCH).at("/spec/flinkConfiguration"));
      Configuration conf = Configuration.fromMap(flink);
      for (String key : flink.keySet()) {
        if (key.startsWith("metrics.reporter.prom.")) {
          assertThat(key.substring("metrics.reporter.prom.".length()))
              .isIn("factory.class", "port");
          continue;
        }
        // The CRD takes any string here: a misspelt key would be ignored by Flink, silently.
        assertThat(options.containsKey(key))
            .as("%s is a Flink 2.2 option (%s)", key, overlay)
            .isTrue();
        conf.get(options.get(key)); // parses, or throws for a value of the wrong type
      }
    }
  }

  @Test
  void theBridgeIsProbedOnRoutesItServesWithSettingsItKnows() {
    Set<String> served = new HashSet<>();
    new io.fleetstream.bridge.internal.resources.SystemResource(() -> true, () -> true, Map.of())
        .routes()
        .forEach(r -> served.add(r.path()));
    for (Rendered overlay : overlays()) {
      JsonNode pod = overlay.one("StatefulSet", BRIDGE).at("/spec/template/spec");
      JsonNode container = pod.path("containers").get(0);
      assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
      assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
      assertThat(served).contains("/healthz", "/readyz");

      Map<String, String> env = new LinkedHashMap<>();
      for (JsonNode e : container.path("env")) {
        if (e.has("value")) {
          env.put(e.path("name").asText(), e.path("value").asText());
        }
      }
      BridgeConfig config = BridgeConfig.load(null, env, Map.of());
      assertThat(config.host()).isEqualTo("0.0.0.0");
      assertThat(config.kafkaBootstrap()).isEqualTo(bootstrap(overlay));
      assertThat(container.path("ports").get(0).path("containerPort").asInt())
          .isEqualTo(config.port());
      assertThat(container.path("volumeMounts").findValuesAsText("mountPath"))
          .contains(config.dataDir().toString());
      assertThat(secretKeyRefs(container))
          .containsEntry("FLEETSTREAM_WEBHOOK_SEAL_KEY", SEAL_SECRET);
    }
  }

  /**
   * Several bridges, each its own replica of a StatefulSet: its own volume from a claim template
   * (its bridge.id, RocksDB copy and views survive its restarts), scaled by the autoscaler and
   * evicted one at a time.
   */
  @Test
  void theBridgesAreReplicasOfAStatefulSetEachWithItsOwnVolume() {
    for (Rendered overlay : overlays()) {
      JsonNode set = overlay.one("StatefulSet", BRIDGE);
      JsonNode spec = set.path("spec");
      JsonNode labels = spec.at("/template/metadata/labels");
      assertThat(contains(labels, spec.at("/selector/matchLabels"))).isTrue();
      assertThat(spec.path("podManagementPolicy").asText())
          .as("replicas do not wait for each other to start or stop")
          .isEqualTo("Parallel");
      assertThat(spec.at("/updateStrategy/type").asText()).isEqualTo("RollingUpdate");
      assertThat(spec.has("replicas"))
          .as("the autoscaler owns the count: a value here would be reapplied over its own")
          .isFalse();

      // The data directory is a volume of each replica's own, not one claim they would share.
      JsonNode container = spec.at("/template/spec/containers/0");
      Map<String, String> env = new LinkedHashMap<>();
      for (JsonNode e : container.path("env")) {
        if (e.has("value")) {
          env.put(e.path("name").asText(), e.path("value").asText());
        }
      }
      String dataDir = BridgeConfig.load(null, env, Map.of()).dataDir().toString();
      String volume = null;
      for (JsonNode m : container.path("volumeMounts")) {
        if (m.path("mountPath").asText().equals(dataDir)) {
          volume = m.path("name").asText();
        }
      }
      assertThat(volume).as("a volume at the data directory %s", dataDir).isNotNull();
      String data = volume;
      assertThat(spec.at("/template/spec/volumes").findValuesAsText("name"))
          .as("no pod volume shadows the claim template")
          .doesNotContain(data);
      assertThat(spec.path("volumeClaimTemplates"))
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.at("/metadata/name").asText()).isEqualTo(data);
                assertThat(t.at("/spec/accessModes").toString()).contains("ReadWriteOnce");
              });
      assertThat(overlay.all("PersistentVolumeClaim")).as("no claim shared by replicas").isEmpty();

      JsonNode governing = overlay.one("Service", spec.path("serviceName").asText());
      assertThat(governing.at("/spec/clusterIP").asText()).as("headless").isEqualTo("None");
      assertThat(contains(labels, governing.at("/spec/selector"))).isTrue();
      JsonNode clients = overlay.one("Service", BRIDGE);
      assertThat(clients.at("/spec/clusterIP").isMissingNode())
          .as("clients reach any ready bridge through one address")
          .isTrue();
      assertThat(contains(labels, clients.at("/spec/selector"))).isTrue();

      JsonNode hpa = overlay.one("HorizontalPodAutoscaler", BRIDGE).path("spec");
      assertThat(hpa.at("/scaleTargetRef/apiVersion").asText()).isEqualTo("apps/v1");
      assertThat(hpa.at("/scaleTargetRef/kind").asText()).isEqualTo("StatefulSet");
      assertThat(hpa.at("/scaleTargetRef/name").asText()).isEqualTo(BRIDGE);
      assertThat(hpa.path("minReplicas").asInt()).isPositive();
      assertThat(hpa.path("maxReplicas").asInt())
          .as("several bridges can serve at once")
          .isGreaterThan(1)
          .isGreaterThanOrEqualTo(hpa.path("minReplicas").asInt());

      JsonNode pdb = overlay.one("PodDisruptionBudget", BRIDGE).path("spec");
      assertThat(pdb.path("maxUnavailable").asInt()).isEqualTo(1);
      JsonNode selector = pdb.at("/selector/matchLabels");
      assertThat(contains(labels, selector)).as("the budget covers the bridges").isTrue();
      assertThat(podTemplates(overlay).stream().filter(l -> contains(l, selector)))
          .as("and no other pods")
          .hasSize(1);
    }
  }

  @Test
  void theStatefunRuntimeGetsTheModuleAndConfigurationTheCodeWrites() throws IOException {
    for (Rendered overlay : overlays()) {
      JsonNode set = overlay.one("StatefulSet", STATEFUN);
      JsonNode pod = set.at("/spec/template/spec");
      JsonNode container = pod.path("containers").get(0);
      JsonNode data = statefunConfig(overlay);
      String functionsUrl =
          "http://" + FUNCTIONS + ":" + servicePort(overlay, FUNCTIONS) + "/statefun";
      assertThat(data.path("module.yaml").asText())
          .isEqualTo(
              FunctionsModule.yaml(
                  bootstrap(overlay), functionsUrl, Duration.ofMinutes(2), kafkaSecurity(overlay)));

      Properties properties = new Properties();
      properties.load(new StringReader(data.path("flink-conf.properties").asText()));
      Map<String, String> given = new TreeMap<>();
      properties.stringPropertyNames().forEach(k -> given.put(k, properties.getProperty(k)));
      String dataDir = mountPath(container, "data");
      assertThat(given)
          .isEqualTo(
              new TreeMap<>(
                  FunctionsRuntime.flinkConfiguration(Path.of(dataDir), 1, Duration.ofSeconds(1))));
      assertThat(set.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("data");
      assertThat(set.at("/spec/replicas").asInt())
          .as("one runtime: its Flink is local to the pod")
          .isEqualTo(1);

      List<String> args = new ArrayList<>();
      container.path("args").forEach(a -> args.add(a.asText()));
      assertThat(args.get(0)).isEqualTo(mountPath(container, "config") + "/flink-conf.properties");
      assertThat(container.at("/readinessProbe/exec/command").toString()).contains(args.get(2));

      JsonNode functions =
          overlay.one("Deployment", FUNCTIONS).at("/spec/template/spec/containers/0");
      assertThat(functions.path("args").toString())
          .contains("--port=" + servicePort(overlay, FUNCTIONS));
      assertThat(secretKeyRefs(functions))
          .containsEntry("FLEETSTREAM_WEBHOOK_SEAL_KEY", SEAL_SECRET);
    }
  }

  /**
   * Production-size Kafka takes only clients that authenticate over TLS, each component as its own
   * Kafka user allowed what it does: the client settings hold no secret, only where the mounted
   * Secrets are, and each Kafka client (the bridge, the StateFun runtime, the dispatch job's
   * JobManager and TaskManagers) mounts its user's Secret and the cluster CA there.
   */
  @Test
  void productionSizeKafkaTakesOnlyAuthenticatedTlsClientsEachAsItsOwnUser() {
    assertThat(secured(embedded)).as("embedded-size keeps one plain listener").isFalse();
    JsonNode kafka = production.one("Kafka", KAFKA);
    assertThat(kafka.at("/spec/kafka/listeners/0/authentication/type").asText())
        .isEqualTo("scram-sha-512");
    assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");

    Map<String, String> settings = kafkaSecurity(production).settings();
    assertThat(settings)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    Matcher jaas =
        Pattern.compile("\\$\\{dir:([^:]+):sasl\\.jaas\\.config}")
            .matcher(settings.get("sasl.jaas.config"));
    assertThat(jaas.matches()).as("the password is read from the user's Secret").isTrue();
    Path ca = Path.of(settings.get("ssl.truststore.location"));
    // The key of Strimzi's <cluster>-cluster-ca-cert Secret holding the CA in PEM.
    assertThat(ca.getFileName()).hasToString("ca.crt");

    JsonNode dispatch = production.one("FlinkDeployment", DISPATCH).path("spec");
    Map<String, JsonNode> pods = new LinkedHashMap<>();
    pods.put(BRIDGE, production.one("StatefulSet", BRIDGE).at("/spec/template/spec"));
    pods.put(STATEFUN, production.one("StatefulSet", STATEFUN).at("/spec/template/spec"));
    pods.put("jobmanager", dispatch.at("/jobManager/podTemplate/spec"));
    pods.put("taskmanager", dispatch.at("/taskManager/podTemplate/spec"));
    Map<String, String> users = new LinkedHashMap<>();
    pods.forEach(
        (pod, spec) -> {
          users.put(pod, secretMountedAt(spec, jaas.group(1)));
          assertThat(secretMountedAt(spec, ca.getParent().toString()))
              .as("%s trusts the cluster CA", pod)
              .isEqualTo(KAFKA + "-cluster-ca-cert");
        });
    Set<String> kafkaUsers = new HashSet<>();
    for (JsonNode user : production.all("KafkaUser")) {
      assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(KAFKA);
      assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
      kafkaUsers.add(user.at("/metadata/name").asText());
    }
    assertThat(users.values()).allSatisfy(u -> assertThat(u).isIn(kafkaUsers));
    assertThat(users.get("jobmanager")).isEqualTo(users.get("taskmanager"));
    assertThat(Set.of(users.get(BRIDGE), users.get(STATEFUN), users.get("jobmanager")))
        .as("one user per component")
        .hasSize(3);

    // What each may touch covers what it uses.
    JsonNode job = production.one("KafkaUser", users.get("jobmanager"));
    for (Topic topic : Topic.values()) {
      assertThat(allows(job, "topic", topic.topicName(), "Write")).as(topic.name()).isTrue();
      assertThat(allows(job, "topic", topic.topicName(), "Read")).as(topic.name()).isTrue();
    }
    assertThat(allows(job, "group", DispatchJob.CONSUMER_GROUP, "Read")).isTrue();
    assertThat(allows(job, "group", DispatchJob.POSITIONS_GROUP, "Read")).isTrue();
    assertThat(
            allows(job, "transactionalId", DispatchJob.TRANSACTIONAL_ID_PREFIX + "-0-7", "Write"))
        .isTrue();
    assertThat(
            allows(
                job,
                "transactionalId",
                DispatchJob.TRACKER_TRANSACTIONAL_ID_PREFIX + "-1-7",
                "Write"))
        .isTrue();
    JsonNode statefun = production.one("KafkaUser", users.get(STATEFUN));
    assertThat(allows(statefun, "group", FunctionsModule.CONSUMER_GROUP, "Read")).isTrue();
    assertThat(allows(statefun, "topic", Topic.WEBHOOKS.topicName(), "Read")).isTrue();
    assertThat(allows(statefun, "topic", Topic.DELIVERIES.topicName(), "Write")).isTrue();
    JsonNode bridge = production.one("KafkaUser", users.get(BRIDGE));
    assertThat(allows(bridge, "topic", Topic.JOBS.topicName(), "Write")).isTrue();
    assertThat(allows(bridge, "topic", Topic.ASSIGNMENTS.topicName(), "Read")).isTrue();
    for (String operation : List.of("Describe", "Read", "Write")) {
      // Describe: StateLog lists the topics and finds the one the topic operator made.
      assertThat(allows(bridge, "topic", TopicAdmin.BRIDGE_STATE_TOPIC, operation))
          .as("the bridges' shared state: %s", operation)
          .isTrue();
    }
    assertThat(allows(bridge, "transactionalId", "anything", "Write"))
        .as("the bridge writes no transactions")
        .isFalse();

    // The bridge and the job name the settings file in the ConfigMap they mount.
    JsonNode bridgeContainer = pods.get(BRIDGE).path("containers").get(0);
    String named = null;
    for (JsonNode e : bridgeContainer.path("env")) {
      if (e.path("name").asText().equals(KafkaSecurity.ENV)) {
        named = e.path("value").asText();
      }
    }
    assertThat(named).isEqualTo("/etc/fleetstream/kafka/" + KAFKA_CLIENT_FILE);
    for (JsonNode spec :
        List.of(pods.get(BRIDGE), pods.get("jobmanager"), pods.get("taskmanager"))) {
      assertThat(configMapMountedAt(spec, Path.of(named).getParent().toString()))
          .isEqualTo(KAFKA_CLIENT);
    }
  }

  /** Whether {@code user}'s ACLs allow {@code operation} on the resource named {@code name}. */
  private static boolean allows(JsonNode user, String type, String name, String operation) {
    for (JsonNode acl : user.at("/spec/authorization/acls")) {
      JsonNode resource = acl.path("resource");
      if (!resource.path("type").asText().equals(type)
          || !acl.path("operations").toString().contains('"' + operation + '"')) {
        continue;
      }
      String pattern = resource.path("name").asText();
      boolean prefix = resource.path("patternType").asText().equals("prefix");
      if (prefix ? name.startsWith(pattern) : pattern.equals("*") || pattern.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The Secret of the volume the pod's main container mounts at {@code path}. */
  private static String secretMountedAt(JsonNode pod, String path) {
    return volumeMountedAt(pod, path).at("/secret/secretName").asText();
  }

  private static String configMapMountedAt(JsonNode pod, String path) {
    return volumeMountedAt(pod, path).at("/configMap/name").asText();
  }

  private static JsonNode volumeMountedAt(JsonNode pod, String path) {
    for (JsonNode m : pod.path("containers").get(0).path("volumeMounts")) {
      if (m.path("mountPath").asText().equals(path)) {
        for (JsonNode v : pod.path("volumes")) {
          if (v.path("name").asText().equals(m.path("name").asText())) {
            return v;
          }
        }
      }
    }
    throw new AssertionError("nothing mounted at " + path + " in " + pod);
  }

  /** The Secrets the deployer creates, and those Strimzi creates for the cluster and its users. */
  private static Set<String> strimziSecrets(Rendered overlay) {
    Set<String> secrets = new HashSet<>();
    secrets.add(SEAL_SECRET);
    secrets.add(KAFKA + "-cluster-ca-cert");
    overlay.all("KafkaUser").forEach(u -> secrets.add(u.at("/metadata/name").asText()));
    return secrets;
  }

  @Test
  void everyReferenceResolvesWithinTheRender() {
    for (Rendered overlay : overlays()) {
      for (JsonNode service : overlay.all("Service")) {
        JsonNode selector = service.at("/spec/selector");
        assertThat(podTemplates(overlay))
            .as("pods for Service %s", service.at("/metadata/name"))
            .anySatisfy(labels -> assertThat(contains(labels, selector)).isTrue());
      }
      for (JsonNode doc : overlay.docs()) {
        JsonNode pod = doc.at("/spec/template/spec");
        if (pod.isMissingNode()) {
          continue;
        }
        // Every mount names one of the pod's volumes or, in a StatefulSet, a claim template.
        Set<String> volumes = new HashSet<>(pod.path("volumes").findValuesAsText("name"));
        doc.at("/spec/volumeClaimTemplates")
            .forEach(t -> volumes.add(t.at("/metadata/name").asText()));
        for (JsonNode c : pod.path("containers")) {
          assertThat(c.path("volumeMounts").findValuesAsText("name"))
              .as("volumes of %s", c.path("name"))
              .allSatisfy(v -> assertThat(v).isIn(volumes));
        }
        for (JsonNode v : pod.path("volumes")) {
          if (v.has("configMap")) {
            overlay.one("ConfigMap", v.at("/configMap/name").asText());
          }
          if (v.has("persistentVolumeClaim")) {
            overlay.one("PersistentVolumeClaim", v.at("/persistentVolumeClaim/claimName").asText());
          }
        }
        for (JsonNode ref : pod.findValues("secretKeyRef")) {
          assertThat(ref.path("name").asText()).isEqualTo(SEAL_SECRET);
        }
        for (JsonNode v : pod.path("volumes")) {
          if (v.has("secret")) {
            assertThat(v.at("/secret/secretName").asText())
                .as("a Secret the deployer or Strimzi creates")
                .isIn(strimziSecrets(overlay));
          }
        }
      }
      JsonNode binding = overlay.one("RoleBinding", "flink");
      overlay.one("Role", binding.at("/roleRef/name").asText());
      overlay.one("ServiceAccount", binding.at("/subjects/0/name").asText());
      assertThat(binding.at("/subjects/0/namespace").asText())
          .isEqualTo(overlay.one("ServiceAccount", "flink").at("/metadata/namespace").asText());
      assertThat(overlay.one("Role", "flink").path("rules"))
          .as("Kubernetes HA keeps leader election and checkpoint pointers in ConfigMaps")
          .anySatisfy(
              rule -> {
                assertThat(rule.path("resources").toString()).contains("\"configmaps\"");
                assertThat(rule.path("verbs").toString())
                    .contains("\"create\"", "\"update\"", "\"delete\"");
              });
    }
  }

  @Test
  void theContainersRunAsTheNonRootUserOfTheirImage() {
    for (Rendered overlay : overlays()) {
      Map<String, JsonNode> podsByImage = new LinkedHashMap<>();
      for (JsonNode doc : overlay.docs()) {
        if (doc.path("kind").asText().equals("FlinkDeployment")) {
          podsByImage.put(doc.at("/spec/image").asText(), doc.at("/spec/podTemplate/spec"));
        } else if (doc.at("/spec/template/spec/containers").isArray()) {
          JsonNode pod = doc.at("/spec/template/spec");
          pod.path("containers").forEach(c -> podsByImage.put(c.path("image").asText(), pod));
        }
      }
      assertThat(podsByImage).hasSize(4);
      podsByImage.forEach(
          (image, pod) -> {
            Matcher m =
                Pattern.compile("registry\\.invalid/fleetstream/([a-z-]+):0\\.1\\.0-SNAPSHOT")
                    .matcher(image);
            assertThat(m.matches())
                .as("%s is one of ours, in the overlay's registry", image)
                .isTrue();
            Dockerfile dockerfile = dockerfile(m.group(1));
            String uid = dockerfile.last().arguments("USER").get(0).split(":")[0];
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(image).isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asText()).as(image).isEqualTo(uid);
          });
    }
  }

  @Test
  void theImagesAreBuiltInTwoStagesAsNonRootFromWhatTheBuildMakes() throws Exception {
    String version =
        pomValue(
            repo.resolve("pom.xml"),
            "<artifactId>fleetstream-parent</artifactId>\\s*<version>([^<]+)</version>",
            1);
    for (String name : List.of("flink-job", "bridge", "functions", "statefun-runtime")) {
      Dockerfile dockerfile = dockerfile(name);
      assertThat(dockerfile.stages()).as("%s is multi-stage", name).hasSizeGreaterThanOrEqualTo(2);
      assertThat(dockerfile.stages().get(0).arguments("RUN").get(0))
          .contains("./mvnw", "-Dmaven.test.skip=true", "package");
      List<String> users = dockerfile.last().arguments("USER");
      assertThat(users).as("%s's final stage names its user", name).hasSize(1);
      assertThat(Integer.parseInt(users.get(0).split(":")[0])).as(name).isPositive();

      for (String run : dockerfile.stages().get(0).arguments("RUN")) {
        Matcher collect =
            Pattern.compile("collect-classpath\\.sh\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)").matcher(run);
        while (collect.find()) {
          assertThat(repo.resolve("deploy/docker/collect-classpath.sh")).isRegularFile();
          // The class path file is written at generate-resources: it exists after this build.
          assertThat(repo.resolve(collect.group(1))).as(name).isRegularFile();
          String jar = collect.group(2).replace("${VERSION}", dockerfile.arg("VERSION"));
          assertThat(dockerfile.arg("VERSION")).isEqualTo(version);
          String module = jar.substring(0, jar.indexOf('/'));
          String artifactId =
              pomValue(
                  repo.resolve(module).resolve("pom.xml"), "<artifactId>([^<]+)</artifactId>", 2);
          assertThat(jar).isEqualTo(module + "/target/" + artifactId + "-" + version + ".jar");
        }
      }
      for (String copy : dockerfile.last().arguments("COPY")) {
        if (copy.contains("--from=build") && copy.contains(" /src/")) {
          String source = copy.substring(copy.indexOf(" /src/") + 6).split("\\s+")[0];
          String module = source.substring(0, source.indexOf('/'));
          String target = source.substring(source.indexOf("/target/") + "/target/".length());
          assertThat(Files.readString(repo.resolve(module).resolve("pom.xml")))
              .as("%s is what the %s build writes", source, module)
              .contains("${project.build.directory}/" + target);
        }
      }
      List<String> entrypoint = dockerfile.last().arguments("ENTRYPOINT");
      if (!entrypoint.isEmpty()) {
        JsonNode command = new YAMLMapper().readTree(entrypoint.get(0));
        String mainClass = command.get(command.size() - 1).asText();
        // Loaded, not initialized: the StateFun runtime's main needs StateFun's jars to run, which
        // are on the image's class path but not on this test's.
        assertThat(Class.forName(mainClass, false, getClass().getClassLoader()))
            .as(name)
            .isNotNull();
        assertThat(command.toString()).contains("/app/lib/*");
      }
    }
    assertThat(dockerfile("flink-job").base()).isEqualTo("flink:" + flinkVersion() + "-java17");
    assertThat(dockerfile("bridge").last().arguments("ENTRYPOINT").get(0))
        .contains(BridgeMain.class.getName());
    assertThat(dockerfile("statefun-runtime").last().arguments("ENTRYPOINT").get(0))
        .contains(ChildJvm.FLINK_JAVA_17_FLAGS);
  }

  @Test
  void theOperationsGuideRunsOnlyTheRenderThisTestRuns() throws IOException {
    String guide = Files.readString(repo.resolve("docs/operations.md"));
    Matcher heading = Pattern.compile("## \\d+\\. Kubernetes").matcher(guide);
    int start = heading.find() ? heading.start() : -1;
    assertThat(start).as("docs/operations.md has a Kubernetes section").isNotNegative();
    int next = guide.indexOf("\n## ", start + 1);
    String section = guide.substring(start, next < 0 ? guide.length() : next);
    List<String> commands = new ArrayList<>();
    Matcher block = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL).matcher(section);
    while (block.find()) {
      block.group(1).lines().filter(l -> !l.isBlank()).forEach(commands::add);
    }
    assertThat(commands)
        .isNotEmpty()
        .allSatisfy(
            c -> assertThat(c).isIn(Kustomize.command(EMBEDDED), Kustomize.command(PRODUCTION)));
  }

  // --- helpers ---

  private static Dockerfile dockerfile(String name) {
    return Dockerfile.parse(repo.resolve("deploy/docker/" + name + ".Dockerfile"));
  }

  private static String flinkVersion() {
    return pomValue(repo.resolve("pom.xml"), "<flink.version>([^<]+)</flink.version>", 1);
  }

  /** {@code v2_2} for Flink 2.2.1: the operator's name for the version the image runs. */
  private static String flinkVersionEnum() {
    String[] parts = flinkVersion().split("\\.");
    return "v" + parts[0] + "_" + parts[1];
  }

  private static String pomValue(Path pom, String regex, int occurrence) {
    try {
      Matcher m = Pattern.compile(regex).matcher(Files.readString(pom));
      for (int i = 0; i < occurrence; i++) {
        if (!m.find()) {
          throw new AssertionError(pom + " has no " + regex);
        }
      }
      return m.group(1);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The bootstrap address of the cluster's one internal listener, the clients' way in. */
  private static String bootstrap(Rendered overlay) {
    List<JsonNode> internal = new ArrayList<>();
    overlay.one("Kafka", KAFKA).at("/spec/kafka/listeners").forEach(internal::add);
    internal.removeIf(l -> !l.path("type").asText().equals("internal"));
    assertThat(internal).as("internal listeners in %s", overlay).hasSize(1);
    // The Service Strimzi creates for a cluster's bootstrap, reached from its own namespace.
    return KAFKA + "-kafka-bootstrap:" + internal.get(0).path("port").asInt();
  }

  /** Whether clients must authenticate over TLS (production-size) or connect plainly. */
  private static boolean secured(Rendered overlay) {
    return overlay.one("Kafka", KAFKA).at("/spec/kafka/listeners/0/tls").asBoolean();
  }

  /** The client settings file the overlay's components name, or none. */
  private static KafkaSecurity kafkaSecurity(Rendered overlay) {
    if (!secured(overlay)) {
      return KafkaSecurity.none();
    }
    try {
      Path file = Files.createTempFile("kafka-client", ".properties");
      try {
        Files.writeString(
            file, overlay.one("ConfigMap", KAFKA_CLIENT).at("/data/" + KAFKA_CLIENT_FILE).asText());
        return KafkaSecurity.load(file);
      } finally {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The KafkaTopics of the contract's topics, in the order rendered (not the bridge state's). */
  private static List<JsonNode> contractTopics(Rendered overlay) {
    return overlay.all("KafkaTopic").stream()
        .filter(t -> Topic.byName(t.at("/spec/topicName").asText()).isPresent())
        .toList();
  }

  private static int brokers(Rendered overlay) {
    int brokers = 0;
    for (JsonNode pool : overlay.all("KafkaNodePool")) {
      if (pool.at("/spec/roles").toString().contains("\"broker\"")) {
        brokers += pool.at("/spec/replicas").asInt();
      }
    }
    return brokers;
  }

  private static Duration statefunEgressTimeout(Rendered overlay) {
    String yaml = statefunConfig(overlay).path("module.yaml").asText();
    Matcher m = Pattern.compile("transactionTimeout: (\\d+)min").matcher(yaml);
    assertThat(m.find()).as("module.yaml names the egress's transaction timeout").isTrue();
    return Duration.ofMinutes(Long.parseLong(m.group(1)));
  }

  /** The data of the ConfigMap the StateFun runtime mounts. */
  private static JsonNode statefunConfig(Rendered overlay) {
    for (JsonNode v : overlay.one("StatefulSet", STATEFUN).at("/spec/template/spec/volumes")) {
      if (v.has("configMap")) {
        return overlay.one("ConfigMap", v.at("/configMap/name").asText()).path("data");
      }
    }
    throw new AssertionError("the StateFun runtime mounts no ConfigMap in " + overlay);
  }

  private static JsonNode baseFlinkConfiguration() {
    try {
      return new YAMLMapper()
          .readTree(repo.resolve("deploy/k8s/base/dispatch-job.yaml").toFile())
          .at("/spec/flinkConfiguration");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new TreeMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static Map<String, String> secretKeyRefs(JsonNode container) {
    Map<String, String> refs = new HashMap<>();
    for (JsonNode e : container.path("env")) {
      JsonNode ref = e.at("/valueFrom/secretKeyRef");
      if (!ref.isMissingNode()) {
        refs.put(e.path("name").asText(), ref.path("name").asText());
      }
    }
    return refs;
  }

  private static String mountPath(JsonNode container, String volume) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (m.path("name").asText().equals(volume)) {
        return m.path("mountPath").asText();
      }
    }
    throw new AssertionError("no mount of volume " + volume + " in " + container.path("name"));
  }

  private static int servicePort(Rendered overlay, String service) {
    return overlay.one("Service", service).at("/spec/ports/0/port").asInt();
  }

  private static List<JsonNode> podTemplates(Rendered overlay) {
    List<JsonNode> labels = new ArrayList<>();
    for (JsonNode doc : overlay.docs()) {
      JsonNode l = doc.at("/spec/template/metadata/labels");
      if (!l.isMissingNode()) {
        labels.add(l);
      }
    }
    return labels;
  }

  private static boolean contains(JsonNode labels, JsonNode selector) {
    boolean all = true;
    for (var it = selector.fields(); it.hasNext(); ) {
      var e = it.next();
      all &= labels.path(e.getKey()).asText("\u0000").equals(e.getValue().asText());
    }
    return all && selector.size() > 0;
  }

  private static JsonNode renamed(JsonNode doc, String at, String field, String to) {
    JsonNode copy = doc.deepCopy();
    com.fasterxml.jackson.databind.node.ObjectNode object =
        (com.fasterxml.jackson.databind.node.ObjectNode) copy.at(at);
    assertThat(object.has(field)).as("%s has %s", at, field).isTrue();
    object.set(to, object.remove(field));
    return copy;
  }

  private static JsonNode replaced(JsonNode doc, String at, String field, String json) {
    JsonNode copy = doc.deepCopy();
    com.fasterxml.jackson.databind.node.ObjectNode object =
        (com.fasterxml.jackson.databind.node.ObjectNode) copy.at(at);
    assertThat(object.has(field)).as("%s has %s", at, field).isTrue();
    try {
      object.set(field, new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return copy;
  }
}
