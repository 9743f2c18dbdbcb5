package io.fleetstream.bridge.internal.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool's input, taken from the REST operation it calls as the OpenAPI document describes it: path
 * parameters (required), query parameters and the request body's fields, side by side in one JSON
 * Schema object. So a tool and its REST operation cannot drift apart: the document is checked
 * against the code by the contract tests, and the tools are made from the document.
 *
 * @param pathParams arguments that go into the path
 * @param queryParams arguments that go into the query string
 */
record ToolShape(Map<String, Object> inputSchema, Set<String> pathParams, Set<String> queryParams) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The shape of {@code method path} in {@code openApi}; throws if the operation is missing. */
  @SuppressWarnings("unchecked")
  static ToolShape of(JsonNode openApi, String method, String path) {
    JsonNode op = openApi.path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT));
    if (op.isMissingNode()) {
      throw new IllegalStateException("the OpenAPI document has no " + method + " " + path);
    }
    ObjectNode properties = JSON.createObjectNode();
    Set<String> required = new LinkedHashSet<>();
    Set<String> pathParams = new LinkedHashSet<>();
    Set<String> queryParams = new LinkedHashSet<>();
    for (JsonNode p : op.path("parameters")) {
      JsonNode param = resolve(openApi, p);
      String name = param.path("name").asText();
      String in = param.path("in").asText();
      if (!in.equals("path") && !in.equals("query")) {
        continue; // headers (Idempotency-Key) are the transport's business
      }
      ObjectNode schema = inline(openApi, param.path("schema")).deepCopy();
      if (param.has("description")) {
        schema.put("description", param.path("description").asText());
      }
      properties.set(name, schema);
      if (in.equals("path")) {
        pathParams.add(name);
        required.add(name);
      } else {
        queryParams.add(name);
      }
    }
    JsonNode body = op.at("/requestBody/content/application~1json/schema");
    if (!body.isMissingNode()) {
      body = inline(openApi, body);
      flatten(openApi, body, properties, required);
    }
    ObjectNode schema = JSON.createObjectNode();
    schema.put("type", "object");
    // What the schema cannot say in keywords (coordinates or an address) is in its description.
    if (body.path("description").isTextual()) {
      schema.put("description", body.path("description").asText());
    }
    schema.set("properties", properties);
    ArrayNode req = schema.putArray("required");
    required.forEach(req::add);
    return new ToolShape(JSON.convertValue(schema, Map.class), pathParams, queryParams);
  }

  /** The body's fields, through {@code allOf}, into {@code properties} and {@code required}. */
  private static void flatten(
      JsonNode openApi, JsonNode schema, ObjectNode properties, Set<String> required) {
    for (JsonNode part : schema.path("allOf")) {
      flatten(openApi, inline(openApi, part), properties, required);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      properties.set(e.getKey(), e.getValue());
    }
    schema.path("required").forEach(r -> required.add(r.asText()));
  }

  private static JsonNode resolve(JsonNode openApi, JsonNode node) {
    JsonNode current = node;
    for (int depth = 0; current.has("$ref") && depth < 16; depth++) {
      current = openApi.at(current.path("$ref").asText().substring(1));
    }
    return current;
  }

  /** A copy of {@code node} with every {@code $ref} into the document replaced by its target. */
  static JsonNode inline(JsonNode openApi, JsonNode node) {
    return inline(openApi, node, 0);
  }

  private static JsonNode inline(JsonNode openApi, JsonNode node, int depth) {
    if (depth > 32) {
      throw new IllegalStateException("schema references nest deeper than 32");
    }
    if (node.isObject()) {
      if (node.has("$ref")) {
        return inline(openApi, resolve(openApi, node), depth + 1);
      }
      ObjectNode copy = JSON.createObjectNode();
      node.fields()
          .forEachRemaining(e -> copy.set(e.getKey(), inline(openApi, e.getValue(), depth + 1)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(n -> copy.add(inline(openApi, n, depth + 1)));
      return copy;
    }
    return node;
  }

  /** Path, query and body of a call with {@code arguments}. */
  Invocation split(String pathTemplate, Map<String, Object> arguments) {
    String path = pathTemplate;
    Map<String, String> pathValues = new java.util.LinkedHashMap<>();
    Map<String, List<String>> query = new java.util.LinkedHashMap<>();
    ObjectNode body = JSON.createObjectNode();
    for (Map.Entry<String, Object> e :
        (arguments == null ? Map.<String, Object>of() : arguments).entrySet()) {
      if (pathParams.contains(e.getKey())) {
        String value = String.valueOf(e.getValue());
        pathValues.put(e.getKey(), value);
        path =
            path.replace(
                "{" + e.getKey() + "}",
                java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
      } else if (queryParams.contains(e.getKey())) {
        query.put(e.getKey(), List.of(String.valueOf(e.getValue())));
      } else {
        body.set(e.getKey(), JSON.valueToTree(e.getValue()));
      }
    }
    for (String name : pathParams) {
      if (!pathValues.containsKey(name)) {
        throw io.fleetstream.bridge.internal.http.ApiException.invalid(
            name, "'" + name + "' is required");
      }
    }
    byte[] bytes;
    try {
      bytes = body.isEmpty() ? new byte[0] : JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new Invocation(path, pathValues, query, bytes);
  }

  /** One call's parts. */
  record Invocation(
      String path, Map<String, String> pathParams, Map<String, List<String>> query, byte[] body) {}
}
