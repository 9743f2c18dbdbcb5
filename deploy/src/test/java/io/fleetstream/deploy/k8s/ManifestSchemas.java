package io.fleetstream.deploy.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Kubernetes manifest against the schema of its kind, as strictly as a cluster with
 * server-side field validation set to Strict would: an unknown field or a value of the wrong type
 * is an error.
 *
 * <ul>
 *   <li>Core kinds: fabric8's Kubernetes model (7.4.0, the one Strimzi 0.49 is built on). Its
 *       classes keep fields they do not know in {@code additionalProperties}; any entry there is a
 *       misspelt or misplaced field.
 *   <li>Strimzi's {@code Kafka}, {@code KafkaNodePool}, {@code KafkaTopic}, {@code KafkaUser}:
 *       Strimzi's own API classes (io.strimzi:api), which the Strimzi operator reads these
 *       resources into and which keep unknown fields the same way. The jar carries no CRD YAML, and
 *       Strimzi's CRD generator is not published.
 *   <li>{@code FlinkDeployment}: the CRD's {@code openAPIV3Schema} from the operator's API jar
 *       (unpacked by the build into target/k8s-schemas), with the networknt validator. A cluster
 *       prunes or rejects fields its structural schema does not list; {@code additionalProperties:
 *       false} on each such object makes the validator do the same.
 * </ul>
 */
final class ManifestSchemas {

  /** Flink 2 versions the operator's CRD lists from release 1.13.0 on (see the constructor). */
  static final List<String> FLINK_2_VERSIONS = List.of("v2_0", "v2_1", "v2_2");

  private static final Map<String, Class<?>> STRIMZI_KINDS =
      Map.of(
          "Kafka", Kafka.class,
          "KafkaNodePool", KafkaNodePool.class,
          "KafkaTopic", KafkaTopic.class,
          "KafkaUser", KafkaUser.class);

  /** The core kinds the manifests use, by {@code apiVersion/kind}: no class, no schema. */
  private static final Map<String, Class<?>> CORE_KINDS =
      Map.ofEntries(
          Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
          Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
          Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
          Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
          Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
          Map.entry(
              "v1/PersistentVolumeClaim",
              io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
          Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
          Map.entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
          Map.entry(
              "autoscaling/v2/HorizontalPodAutoscaler",
              io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
          Map.entry(
              "policy/v1/PodDisruptionBudget",
              io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
          Map.entry(
              "rbac.authorization.k8s.io/v1/Role", io.fabric8.kubernetes.api.model.rbac.Role.class),
          Map.entry(
              "rbac.authorization.k8s.io/v1/RoleBinding",
              io.fabric8.kubernetes.api.model.rbac.RoleBinding.class));

  private final ObjectMapper strict = strictMapper();
  private final Schema flinkDeployment;
  private final String flinkOperatorJar;

  ManifestSchemas(Path schemasDir) {
    Path crdDir = single(schemasDir, "flink-kubernetes-operator-api-*");
    flinkOperatorJar = crdDir.getFileName().toString();
    Path crd = crdDir.resolve("META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml");
    JsonNode schema;
    try {
      JsonNode definition = new YAMLMapper().readTree(crd.toFile());
      schema = null;
      for (JsonNode version : definition.at("/spec/versions")) {
        if (version.path("name").asText().equals("v1beta1")) {
          schema = version.at("/schema/openAPIV3Schema").deepCopy();
        }
      }
      if (schema == null) {
        throw new IllegalStateException(crd + " has no v1beta1 schema");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + crd, e);
    }
    // Kubernetes itself defines these for every kind; the CRD lists only spec and status.
    ObjectNode root = (ObjectNode) schema.path("properties");
    root.putObject("apiVersion").put("type", "string");
    root.putObject("kind").put("type", "string");
    root.putObject("metadata").put("type", "object");
    closeObjects(schema);
    // The newest operator API on Maven Central here (1.10.0) predates Flink 2; its enum stops at
    // v1_20. Release 1.13.0 (commit b40c55391ca25fc402b018abb79babe920272e19) added v2_0..v2_2,
    // with no other change to the fields these manifests use (compared by hand with 1.14.0's CRD,
    // whose flinkConfiguration is also looser: any YAML, where 1.10's takes strings only).
    ArrayNode versions = (ArrayNode) schema.at("/properties/spec/properties/flinkVersion/enum");
    FLINK_2_VERSIONS.forEach(versions::add);
    flinkDeployment =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
            .getSchema(schema.toString(), InputFormat.JSON);
  }

  /**
   * Where the FlinkDeployment schema came from, e.g. {@code flink-kubernetes-operator-api-1.10.0}.
   */
  String flinkOperatorSource() {
    return flinkOperatorJar;
  }

  /** Every schema error in {@code manifest}; empty when it is valid. */
  List<String> errors(JsonNode manifest) {
    String apiVersion = manifest.path("apiVersion").asText();
    String kind = manifest.path("kind").asText();
    String name = kind + " " + manifest.at("/metadata/name").asText();
    List<String> errors = new ArrayList<>();
    try {
      if (apiVersion.equals("flink.apache.org/v1beta1") && kind.equals("FlinkDeployment")) {
        flinkDeployment
            .validate(manifest.toString(), InputFormat.JSON)
            .forEach(e -> errors.add(e.getInstanceLocation() + ": " + e.getMessage()));
        // The CRD leaves metadata to Kubernetes: check it as Kubernetes would.
        unknownFields(
            strict.treeToValue(manifest.path("metadata"), ObjectMeta.class), "metadata", errors);
      } else if (apiVersion.equals("kafka.strimzi.io/v1") && STRIMZI_KINDS.containsKey(kind)) {
        unknownFields(strict.treeToValue(manifest, STRIMZI_KINDS.get(kind)), "", errors);
      } else if (CORE_KINDS.containsKey(apiVersion + "/" + kind)) {
        unknownFields(
            strict.treeToValue(manifest, CORE_KINDS.get(apiVersion + "/" + kind)), "", errors);
      } else {
        errors.add("no schema here for " + apiVersion + " " + kind);
      }
    } catch (JsonProcessingException | IllegalArgumentException e) {
      errors.add(e.getMessage().lines().findFirst().orElse(e.toString()));
    }
    return errors.stream().map(e -> name + ": " + e).toList();
  }

  private static ObjectMapper strictMapper() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();
    // The API server takes no number for a string field (a label, an env value), nor the reverse.
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }

  /**
   * Adds {@code additionalProperties: false} to every object schema that lists its properties and
   * neither allows more nor preserves unknown fields: what a structural schema means to the API
   * server.
   */
  private static void closeObjects(JsonNode schema) {
    if (schema instanceof ObjectNode object) {
      if (object.has("properties")
          && !object.has("additionalProperties")
          && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        object.put("additionalProperties", false);
      }
      for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
        closeObjects(it.next());
      }
    } else if (schema instanceof ArrayNode array) {
      array.forEach(ManifestSchemas::closeObjects);
    }
  }

  /** Walks a deserialized model object and reports every field its class did not know. */
  private static void unknownFields(Object root, String path, List<String> errors) {
    walk(root, path, errors, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static void walk(Object value, String path, List<String> errors, Set<Object> seen) {
    if (value == null || !seen.add(value)) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, errors, seen));
      return;
    }
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        walk(item, path + "[" + i++ + "]", errors, seen);
      }
      return;
    }
    String pkg = value.getClass().getPackageName();
    if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      String property = property(getter.getName());
      if (property == null) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue; // computed accessors of CustomResource; not fields of the manifest
      }
      if (property.equals("additionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          errors.add(
              (path.isEmpty() ? "" : path.substring(1) + ": ")
                  + "unknown field(s) "
                  + extra.keySet());
        }
      } else {
        walk(child, path + "." + property, errors, seen);
      }
    }
  }

  private static String property(String getter) {
    String rest;
    if (getter.startsWith("get") && getter.length() > 3) {
      rest = getter.substring(3);
    } else if (getter.startsWith("is") && getter.length() > 2) {
      rest = getter.substring(2);
    } else {
      return null;
    }
    return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
  }

  private static Path single(Path dir, String glob) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> paths = Files.newDirectoryStream(dir, glob)) {
      paths.forEach(found::add);
    } catch (IOException e) {
      throw new IllegalStateException(
          dir
              + " is missing: the build unpacks the Flink operator's CRD there"
              + " (generate-test-resources); run the tests through Maven",
          e);
    }
    if (found.size() != 1) {
      throw new IllegalStateException("expected one " + glob + " in " + dir + ", found " + found);
    }
    return found.get(0);
  }
}
