package io.fleetstream.bridge.internal.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fleetstream.bridge.internal.auth.Scope;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.mcp.ToolCalls;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The A2A protocol (0.3, JSON-RPC 2.0 over HTTP) on the bridge: {@code POST /a2a} and the agent
 * card at {@code /.well-known/agent-card.json} (and {@code agent.json}, its earlier name). The
 * skills are the MCP tools: a {@code message/send} whose data part names a {@code skill} and its
 * {@code arguments} runs that REST operation for the caller's key (its scope checked, recorded with
 * {@code via: a2a}) and answers a finished task whose artifact is the REST answer. Every skill
 * answers at once (a long optimize answers with its status URL), so a task is never left working:
 * {@code tasks/get} reads it back for an hour, {@code tasks/cancel} finds nothing to cancel.
 * Hand-written: the A2A Java SDK's server side is built on Quarkus, and our transport, auth and
 * error model are the bridge's own.
 */
public final class A2aEndpoint {

  public static final String PATH = "/a2a";
  static final String PROTOCOL_VERSION = "0.3.0";

  // JSON-RPC and A2A error codes (A2A specification, section 8).
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int TASK_NOT_FOUND = -32001;
  static final int TASK_NOT_CANCELABLE = -32002;
  static final int PUSH_NOTIFICATIONS_NOT_SUPPORTED = -32003;
  static final int UNSUPPORTED_OPERATION = -32004;

  private final ToolCalls calls;
  private final ObjectMapper json;
  private final Supplier<String> baseUrl;
  private final String version;
  private final Cache<String, JsonNode> tasks =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).maximumSize(100_000).build();

  public A2aEndpoint(ToolCalls calls, ObjectMapper json, Supplier<String> baseUrl, String version) {
    this.calls = calls;
    this.json = json;
    this.baseUrl = baseUrl;
    this.version = version;
  }

  public List<Route> routes() {
    return List.of(
        // The route's own scope is the least one; each skill checks its own.
        Route.post(PATH, Route.Access.KEY, this::rpc).scope(Scope.READ),
        Route.get("/.well-known/agent-card.json", Route.Access.OPEN, r -> ApiResponse.ok(card())),
        Route.get("/.well-known/agent.json", Route.Access.OPEN, r -> ApiResponse.ok(card())));
  }

  /** The agent card: who we are, where to call, how to authenticate, and every skill. */
  Map<String, Object> card() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("protocolVersion", PROTOCOL_VERSION);
    m.put("name", "fleetstream");
    m.put(
        "description",
        "Live, continuous dispatch for field-service and delivery fleets: jobs, drivers, optimized"
            + " routes, a dispatcher's commands with explained decisions, SLA risk and what-ifs.");
    m.put("url", baseUrl.get() + PATH);
    m.put("preferredTransport", "JSONRPC");
    m.put("version", version);
    m.put("documentationUrl", baseUrl.get() + "/.well-known/openapi.json");
    m.put(
        "capabilities",
        Map.of("streaming", false, "pushNotifications", false, "stateTransitionHistory", false));
    m.put(
        "securitySchemes",
        Map.of(
            "bearer",
            Map.of(
                "type",
                "http",
                "scheme",
                "bearer",
                "description",
                "An API key (ork_…); each skill needs the scope its description names.")));
    m.put("security", List.of(Map.of("bearer", List.of())));
    m.put("defaultInputModes", List.of("application/json"));
    m.put("defaultOutputModes", List.of("application/json"));
    m.put(
        "skills",
        calls.tools().stream()
            .map(
                t -> {
                  Map<String, Object> s = new LinkedHashMap<>();
                  s.put("id", t.tool().name());
                  s.put("name", t.tool().name().replace('_', ' '));
                  s.put(
                      "description",
                      t.description()
                          + " Send a data part {\"skill\": \""
                          + t.tool().name()
                          + "\", \"arguments\": {…}} with the arguments of "
                          + t.tool().method()
                          + " "
                          + t.tool().path()
                          + ".");
                  s.put("tags", List.of(t.route().scope().wireName(), "fleet-dispatch"));
                  s.put("inputModes", List.of("application/json"));
                  s.put("outputModes", List.of("application/json"));
                  return s;
                })
            .toList());
    return m;
  }

  ApiResponse rpc(ApiRequest request) {
    JsonNode call;
    try {
      call = json.readTree(request.body() == null ? new byte[0] : request.body());
    } catch (IOException e) {
      return ApiResponse.ok(error(null, PARSE_ERROR, "the body is not JSON: " + e.getMessage()));
    }
    if (call == null
        || !call.isObject()
        || !"2.0".equals(call.path("jsonrpc").asText())
        || !call.path("method").isTextual()) {
      return ApiResponse.ok(
          error(
              call == null ? null : call.get("id"),
              INVALID_REQUEST,
              "a JSON-RPC 2.0 request object with 'jsonrpc': '2.0' and a 'method'"));
    }
    JsonNode id = call.get("id");
    JsonNode params = call.path("params");
    return ApiResponse.ok(
        switch (call.path("method").asText()) {
          case "message/send" -> send(request, id, params);
          case "tasks/get" -> get(request, id, params);
          case "tasks/cancel" -> cancel(request, id, params);
          case "message/stream", "tasks/resubscribe" ->
              error(id, UNSUPPORTED_OPERATION, "streaming is not supported: use message/send");
          case "tasks/pushNotificationConfig/set",
              "tasks/pushNotificationConfig/get",
              "tasks/pushNotificationConfig/list",
              "tasks/pushNotificationConfig/delete" ->
              error(
                  id,
                  PUSH_NOTIFICATIONS_NOT_SUPPORTED,
                  "push notifications are not supported: every task finishes in its answer");
          default ->
              error(id, METHOD_NOT_FOUND, "no method '" + call.path("method").asText() + "'");
        });
  }

  private Map<String, Object> send(ApiRequest request, JsonNode id, JsonNode params) {
    JsonNode message = params.path("message");
    JsonNode data = null;
    for (JsonNode part : message.path("parts")) {
      if ("data".equals(part.path("kind").asText()) && part.path("data").isObject()) {
        data = part.path("data");
        break;
      }
    }
    String skill =
        data != null && data.path("skill").isTextual()
            ? data.path("skill").asText()
            : message.path("metadata").path("skill").asText(null);
    if (skill == null) {
      return error(
          id,
          INVALID_PARAMS,
          "params.message needs a data part {\"skill\": <one of the agent card's skills>,"
              + " \"arguments\": {…}}; free text is not understood");
    }
    ToolCalls.Bound tool = calls.tool(skill).orElse(null);
    if (tool == null) {
      return error(id, INVALID_PARAMS, "no skill '" + skill + "'; the agent card lists them");
    }
    JsonNode args = data != null ? data.path("arguments") : json.createObjectNode();
    if (!args.isMissingNode() && !args.isObject()) {
      return error(id, INVALID_PARAMS, "'arguments' is an object of the skill's fields");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> arguments =
        args.isMissingNode() ? Map.of() : json.convertValue(args, Map.class);
    ToolCalls.Outcome outcome = calls.call(tool, request.caller(), arguments, "a2a", false);
    ObjectNode task = task(message, skill, outcome);
    tasks.put(request.tenant() + "/" + task.path("id").asText(), task);
    return result(id, task);
  }

  private Map<String, Object> get(ApiRequest request, JsonNode id, JsonNode params) {
    JsonNode task = tasks.getIfPresent(request.tenant() + "/" + params.path("id").asText());
    return task == null
        ? error(id, TASK_NOT_FOUND, "no task '" + params.path("id").asText() + "'")
        : result(id, task);
  }

  private Map<String, Object> cancel(ApiRequest request, JsonNode id, JsonNode params) {
    JsonNode task = tasks.getIfPresent(request.tenant() + "/" + params.path("id").asText());
    return task == null
        ? error(id, TASK_NOT_FOUND, "no task '" + params.path("id").asText() + "'")
        : error(
            id,
            TASK_NOT_CANCELABLE,
            "task is " + task.path("status").path("state").asText() + ": nothing to cancel");
  }

  /** A finished task: completed with the REST answer, or failed with the REST error. */
  private ObjectNode task(JsonNode message, String skill, ToolCalls.Outcome outcome) {
    String taskId = Ids.random("task_");
    String contextId =
        message.path("contextId").isTextual()
            ? message.path("contextId").asText()
            : Ids.random("ctx_");
    ObjectNode task = json.createObjectNode();
    task.put("kind", "task");
    task.put("id", taskId);
    task.put("contextId", contextId);
    ObjectNode status = task.putObject("status");
    status.put("state", outcome.error() ? "failed" : "completed");
    status.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    if (outcome.error()) {
      ObjectNode why = status.putObject("message");
      why.put("kind", "message");
      why.put("role", "agent");
      why.put("messageId", Ids.random("msg_"));
      why.put("taskId", taskId);
      why.put("contextId", contextId);
      why.putArray("parts")
          .addObject()
          .put("kind", "text")
          .put("text", outcome.body().path("error").path("message").asText("the skill failed"));
    }
    ObjectNode artifact = task.putArray("artifacts").addObject();
    artifact.put("artifactId", taskId + "_answer");
    artifact.put("name", skill);
    artifact.putArray("parts").addObject().put("kind", "data").set("data", outcome.body());
    task.putArray("history").add(message);
    task.putObject("metadata").put("http_status", outcome.status());
    return task;
  }

  private static Map<String, Object> result(JsonNode id, Object result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("result", result);
    return m;
  }

  private static Map<String, Object> error(JsonNode id, int code, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("error", Map.of("code", code, "message", message));
    return m;
  }
}
