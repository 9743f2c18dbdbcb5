package io.fleetstream.bridge.internal.mcp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fleetstream.bridge.internal.auth.Caller;
import io.fleetstream.bridge.internal.http.ApiJson;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The MCP server on the bridge's port ({@code /mcp}, streamable HTTP, the official Java SDK). Each
 * tool is a REST operation: its input schema comes from that operation in the OpenAPI document, a
 * call goes through the same scope check, rate limits and handler as the REST request would, and
 * its answer is the REST answer (errors in the REST error model, as a tool error). Authentication
 * is a servlet filter: the SDK's servlet never sees a request without a valid key.
 */
public final class McpEndpoint implements AutoCloseable {

  static final String PATH = "/mcp";
  static final String CALLER = "fleetstream.caller";

  private final HttpServletStreamableServerTransportProvider transport;
  private final McpSyncServer server;
  private final RequestPipeline pipeline;
  private final ObjectMapper json;
  private final ToolCalls calls;

  /**
   * @param calls the tools, shared with the A2A endpoint
   */
  public McpEndpoint(ToolCalls calls, RequestPipeline pipeline, String version) {
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
    this.calls = calls;
    List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
    for (ToolCalls.Bound tool : calls.tools()) {
      tools.add(
          McpServerFeatures.SyncToolSpecification.builder()
              .tool(
                  McpSchema.Tool.builder()
                      .name(tool.tool().name())
                      .description(tool.description())
                      .inputSchema(tool.shape().inputSchema())
                      .build())
              .callHandler((exchange, call) -> call(tool, exchange.transportContext(), call))
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

  private McpSchema.CallToolResult call(
      ToolCalls.Bound tool, McpTransportContext context, McpSchema.CallToolRequest call) {
    ToolCalls.Outcome outcome =
        calls.call(tool, (Caller) context.get(CALLER), call.arguments(), "mcp", true);
    return result(outcome.body(), outcome.error());
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
    for (ToolCalls.Tool t : ToolCalls.TOOLS) {
      Map<String, Object> tool = new LinkedHashMap<>();
      tool.put("name", t.name());
      tool.put("description", t.description());
      tool.put("scope", ToolCalls.route(routes, t).scope().wireName());
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
