package io.fleetstream.bridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a live response against the OpenAPI document the bridge serves: the route and status must
 * be documented, and the body must match the documented schema (JSON Schema 2020-12, as OpenAPI 3.1
 * uses it).
 */
public final class OpenApiCheck {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode document;
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b ->
              b.schemaRegistryConfig(
                  SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  public OpenApiCheck(JsonNode document) {
    this.document = document;
  }

  /** Every operation of the document as {@code METHOD path}. */
  public List<String> operations() {
    List<String> ops = new ArrayList<>();
    document
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> ops.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
    return ops;
  }

  /** Problems with one response; empty when it matches the document. */
  public List<String> problems(String method, String concretePath, int status, String body) {
    String path =
        concretePath.contains("?")
            ? concretePath.substring(0, concretePath.indexOf('?'))
            : concretePath;
    String template = template(path);
    if (template == null) {
      return status == 404 || status == 405
          ? List.of()
          : List.of("no documented path matches " + path);
    }
    JsonNode operation =
        document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
    if (operation.isMissingNode()) {
      return status == 405 ? List.of() : List.of(method + " " + template + " is not documented");
    }
    JsonNode response = operation.path("responses").path(Integer.toString(status));
    if (response.isMissingNode()) {
      return List.of(method + " " + template + " does not document status " + status);
    }
    response = resolve(response);
    JsonNode schema = response.path("content").path("application/json").path("schema");
    if (schema.isMissingNode() && response.path("content").path("text/plain").isObject()) {
      return List.of(); // a documented text body (the metrics): nothing JSON to check
    }
    if (schema.isMissingNode()) {
      return List.of(method + " " + template + " " + status + " documents no JSON body");
    }
    String key = method + " " + template + " " + status;
    Schema compiled = schemas.computeIfAbsent(key, k -> compile(schema));
    List<Error> errors = compiled.validate(body, InputFormat.JSON);
    return errors.stream()
        .map(e -> key + ": " + e.getInstanceLocation() + " " + e.getMessage())
        .toList();
  }

  private Schema compile(JsonNode schema) {
    ObjectNode root = document.deepCopy();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.putArray("allOf").add(schema);
    try {
      return registry.getSchema(JSON.writeValueAsString(root), InputFormat.JSON);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      node = document.at(node.path("$ref").asText().substring(1));
    }
    return node;
  }

  private String template(String path) {
    String[] parts = path.split("/");
    for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
      String candidate = it.next();
      String[] c = candidate.split("/");
      if (c.length != parts.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < c.length && match; i++) {
        match = c[i].startsWith("{") || c[i].equals(parts[i]);
      }
      if (match) {
        return candidate;
      }
    }
    return null;
  }
}
