package io.fleetstream.bridge.internal.mcp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fleetstream.bridge.internal.audit.ApiCallAudit;
import io.fleetstream.bridge.internal.auth.Caller;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiJson;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.ErrorBody;
import io.fleetstream.bridge.internal.http.RequestPipeline;
import io.fleetstream.bridge.internal.http.Route;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP server on the bridge's port ({@code /mcp}, streamable HTTP, the official Java SDK). Each
 * tool is a REST operation: its input schema comes from that operation in the OpenAPI document, a
 * call goes through the same scope check, rate limits and handler as the REST request would, and
 * its answer is the REST answer (errors in the REST error model, as a tool error). Authentication
 * is a servlet filter: the SDK's servlet never sees a request without a valid key.
 */
public final class McpEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);
  static final String PATH = "/mcp";
  static final String CALLER = "fleetstream.caller";

  /** How long a tool waits for a deferred answer (a synchronous optimize) at most. */
  private static final Duration LONGEST_ANSWER = Duration.ofSeconds(120);

  /** A tool: its name, what it does, and the REST operation it is. */
  public record Tool(String name, String description, String method, String path) {}

  /** The seed's six tools, named as there, then a dispatcher's. */
  public static final List<Tool> TOOLS =
      List.of(
          new Tool(
              "optimize",
              "Optimize routes: assign the given jobs to the given drivers and order their stops.",
              "POST",
              "/api/v1/optimize"),
          new Tool("create_job", "Create a delivery or service job.", "POST", "/api/v1/jobs"),
          new Tool("list_jobs", "List jobs, optionally by status.", "GET", "/api/v1/jobs"),
          new Tool("cancel_job", "Cancel a job.", "POST", "/api/v1/jobs/{id}/cancel"),
          new Tool("create_driver", "Create a driver.", "POST", "/api/v1/drivers"),
          new Tool("list_drivers", "List drivers.", "GET", "/api/v1/drivers"),
          // A dispatcher's tools: the live dispatcher's decisions, explained, and commands to it.
          new Tool(
              "get_job",
              "Read a job: its status, driver, ETA, SLA risk and the decision behind it.",
              "GET",
              "/api/v1/jobs/{id}"),
          new Tool(
              "assign_job",
              "Score every driver for a job now and give it to the best one, or with dry_run only"
                  + " say who it would be; answers with the ranked candidates and why.",
              "POST",
              "/api/v1/dispatch/assign"),
          new Tool(
              "reassign_job",
              "Move a job to a chosen driver, optionally pinned there; answers with the live"
                  + " dispatcher's decision and its explanation, or why it could not apply it.",
              "POST",
              "/api/v1/dispatch/reassign"),
          new Tool(
              "dispatch_emergency",
              "Place a priority-1 job now with the nearest capable driver; answers who took it and"
                  + " where each job it displaced went.",
              "POST",
              "/api/v1/dispatch/emergency"),
          new Tool("lock_job", "Pin a job to its driver.", "POST", "/api/v1/dispatch/lock"),
          new Tool(
              "unlock_job", "Let the planner move a job again.", "POST", "/api/v1/dispatch/unlock"),
          new Tool(
              "sla_at_risk",
              "Open jobs predicted to miss their time window, most urgent first.",
              "GET",
              "/api/v1/sla/at-risk"),
          new Tool(
              "simulate",
              "What-if on a zone: add or remove drivers, add jobs or change the objective on a copy"
                  + " of its live state and compare the resulting plan's on-time rate, km, overtime"
                  + " and unassigned jobs with the current plan's; changes nothing live.",
              "POST",
              "/api/v1/simulation/run"),
          new Tool(
              "driver_schedule",
              "Each driver's day: open jobs in route order with predicted arrival and finish,"
                  + " travel, waiting and lateness.",
              "GET",
              "/api/v1/dispatch/schedule"),
          new Tool(
              "job_decisions",
              "Every decision about a job: the candidates, their scores or why they were excluded,"
                  + " and what caused it.",
              "GET",
              "/api/v1/jobs/{id}/audit"),
          new Tool(
              "predict_duration",
              "How long a job of a type will take, for one driver or any, with its band.",
              "POST",
              "/api/v1/prediction/duration"),
          new Tool(
              "start_job", "Report that a job is under way.", "POST", "/api/v1/jobs/{id}/start"),
          new Tool(
              "complete_job", "Report that a job is done.", "POST", "/api/v1/jobs/{id}/complete"),
          new Tool(
              "driver_metrics",
              "A driver's completed and failed jobs, on-time rate, lateness and utilisation.",
              "GET",
              "/api/v1/drivers/{id}/metrics"));

  private final HttpServletStreamableServerTransportProvider transport;
  private final McpSyncServer server;
  private final RequestPipeline pipeline;
  private final ObjectMapper json;

  public McpEndpoint(
      JsonNode openApi, List<Route> routes, RequestPipeline pipeline, String version) {
    this.pipeline = pipeline;
    this.json = errorsWithoutStackTraces(ApiJson.mapper().copy());
    JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(json);
    this.transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(mapper)
            .mcpEndpoint(PATH)
            .contextExtractor(
                request -> {
                  Object caller = request.getAttribute(CALLER);
                  return caller == null
                      ? McpTransportContext.EMPTY
                      : McpTransportContext.create(Map.of(CALLER, caller));
                })
            .build();
    List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
    for (Tool tool : TOOLS) {
      Route route = route(routes, tool);
      ToolShape shape = ToolShape.of(openApi, tool.method(), tool.path());
      tools.add(
          McpServerFeatures.SyncToolSpecification.builder()
              .tool(
                  McpSchema.Tool.builder()
                      .name(tool.name())
                      .description(
                          tool.description()
                              + " Needs the '"
                              + route.scope().wireName()
                              + "' scope.")
                      .inputSchema(shape.inputSchema())
                      .build())
              .callHandler(
                  (exchange, call) -> call(route, shape, exchange.transportContext(), call))
              .build());
    }
    this.server =
        McpServer.sync(transport)
            .jsonMapper(mapper)
            .jsonSchemaValidator(new McpSchemaValidator())
            .serverInfo("fleetstream", version)
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            // Our handlers check every argument with the REST error model; a second check by the
            // SDK would answer in another shape.
            .validateToolInputs(false)
            .tools(tools)
            .build();
  }

  /** Adds the endpoint and its authentication to the bridge's servlet context. */
  public void install(ServletContextHandler context) {
    FilterHolder auth = new FilterHolder(new McpAuthFilter(pipeline));
    // Every filter in front of the SDK's servlet must support async, or tools/list answers 500.
    auth.setAsyncSupported(true);
    context.addFilter(auth, PATH, EnumSet.of(DispatcherType.REQUEST));
    ServletHolder servlet = new ServletHolder(transport);
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, PATH);
  }

  private static Route route(List<Route> routes, Tool tool) {
    return routes.stream()
        .filter(r -> r.method().equals(tool.method()) && r.path().equals(tool.path()))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no route " + tool.method() + " " + tool.path()));
  }

  private McpSchema.CallToolResult call(
      Route route, ToolShape shape, McpTransportContext context, McpSchema.CallToolRequest call) {
    Caller caller = (Caller) context.get(CALLER);
    ApiCallAudit.Call audited =
        caller != null && ApiCallAudit.audited(route)
            ? pipeline.audit().begin(caller, route, route.path(), null, null, "mcp")
            : null;
    return invoke(route, shape, caller, call, audited);
  }

  private McpSchema.CallToolResult invoke(
      Route route,
      ToolShape shape,
      Caller caller,
      McpSchema.CallToolRequest call,
      ApiCallAudit.Call audited) {
    try {
      if (caller == null) {
        throw new IllegalStateException("an MCP call without an authenticated caller");
      }
      pipeline.admit(caller, route, new LinkedHashMap<>());
      ToolShape.Invocation inv = shape.split(route.path(), call.arguments());
      if (audited != null) {
        audited.path(inv.path());
      }
      ApiRequest request =
          new ApiRequest(
              caller,
              route.method(),
              inv.path(),
              inv.pathParams(),
              inv.query(),
              inv.body(),
              null,
              "mcp",
              Map.of());
      ApiResponse response = route.handler().handle(request);
      if (response.later() != null) {
        try {
          response
              .later()
              .ready()
              .toCompletableFuture()
              .get(LONGEST_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          // The deferred answer itself says what happened (a plan, or 202 with its status URL).
        }
        response = response.later().answer().answer();
      }
      end(audited, response.status(), null);
      return result(json.valueToTree(response.body()), response.status() >= 400);
    } catch (ApiException e) {
      end(audited, e.code().status(), e.code().code());
      return result(json.valueToTree(ErrorBody.of(e, pipeline.docsUrl())), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(audited, 500, "internal_error");
      return internal(route, e);
    } catch (Exception e) {
      end(audited, 500, "internal_error");
      return internal(route, e);
    }
  }

  private static void end(ApiCallAudit.Call audited, int status, String errorCode) {
    if (audited != null) {
      audited.end(status, errorCode, false);
    }
  }

  private McpSchema.CallToolResult internal(Route route, Exception e) {
    LOG.error("MCP call of {} {} failed", route.method(), route.path(), e);
    return result(
        json.valueToTree(ErrorBody.of(ApiException.internal(), pipeline.docsUrl())), true);
  }

  private McpSchema.CallToolResult result(JsonNode body, boolean error) {
    String text;
    try {
      text = json.writeValueAsString(body);
    } catch (IOException e) {
      text = String.valueOf(body);
    }
    return McpSchema.CallToolResult.builder()
        .addTextContent(text)
        .structuredContent(json.convertValue(body, Map.class))
        .isError(error)
        .build();
  }

  /** {@code /.well-known/mcp.json}, in the seed's shape. */
  public static Map<String, Object> manifest(String bridgeUrl, List<Route> routes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema_version", "v1");
    m.put("name", "fleetstream");
    m.put(
        "description",
        "Streaming dispatch and routing: jobs, drivers and optimization runs; every write becomes"
            + " an event the live dispatcher acts on.");
    m.put("server", Map.of("url", bridgeUrl + PATH, "transport", "http"));
    m.put("auth", Map.of("type", "bearer", "header", "Authorization"));
    List<Map<String, Object>> tools = new ArrayList<>();
    for (Tool t : TOOLS) {
      Map<String, Object> tool = new LinkedHashMap<>();
      tool.put("name", t.name());
      tool.put("description", t.description());
      tool.put("scope", route(routes, t).scope().wireName());
      tool.put("method", t.method());
      tool.put("path", t.path());
      tools.add(tool);
    }
    m.put("tools", tools);
    return m;
  }

  /**
   * The SDK writes its own refusals (an unknown session, a malformed message) by serializing the
   * {@link McpError}, stack trace included (upstream java-sdk #955); only its JSON-RPC error goes
   * out here.
   */
  private static ObjectMapper errorsWithoutStackTraces(ObjectMapper mapper) {
    SimpleModule module = new SimpleModule("mcp-errors");
    module.addSerializer(
        McpError.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(McpError e, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeStartObject();
            var rpc = e.getJsonRpcError();
            gen.writeNumberField("code", rpc == null ? -32603 : rpc.code());
            gen.writeStringField("message", rpc == null ? "internal error" : rpc.message());
            gen.writeEndObject();
          }
        });
    return mapper.registerModule(module);
  }

  @Override
  public void close() {
    server.closeGracefully();
  }
}
