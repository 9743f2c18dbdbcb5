package io.fleetstream.deploy.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.internal.mcp.McpSchemaValidator;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/**
 * The stdio shim for desktop agents: an MCP server on standard input and output whose tools are the
 * bridge's, each call forwarded to {@code /mcp} over HTTP with the user's key. The bridge does all
 * the work (scopes, validation, the REST error model); this only carries messages.
 */
public final class StdioMcp implements AutoCloseable {

  private final McpSyncClient remote;
  private final McpSyncServer local;

  private StdioMcp(McpSyncClient remote, McpSyncServer local) {
    this.remote = remote;
    this.local = local;
  }

  /**
   * Connects to {@code bridgeUrl}'s MCP endpoint with {@code key}, lists its tools, and serves them
   * on {@code in}/{@code out}.
   */
  public static StdioMcp start(String bridgeUrl, String key, InputStream in, OutputStream out) {
    JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
    McpSyncClient remote =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder(bridgeUrl)
                    .endpoint("/mcp")
                    .jsonMapper(json)
                    .httpRequestCustomizer(
                        (request, method, uri, body, context) ->
                            request.header("Authorization", "Bearer " + key))
                    .build())
            .requestTimeout(Duration.ofSeconds(150))
            .jsonSchemaValidator(new McpSchemaValidator())
            .build();
    McpSchema.InitializeResult init = remote.initialize();
    List<McpServerFeatures.SyncToolSpecification> tools =
        remote.listTools().tools().stream()
            .map(
                tool ->
                    McpServerFeatures.SyncToolSpecification.builder()
                        .tool(tool)
                        .callHandler((exchange, call) -> remote.callTool(call))
                        .build())
            .toList();
    McpSyncServer local =
        McpServer.sync(new StdioServerTransportProvider(json, in, out))
            .jsonMapper(json)
            .jsonSchemaValidator(new McpSchemaValidator())
            .serverInfo(init.serverInfo())
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .validateToolInputs(false)
            .tools(tools)
            .build();
    return new StdioMcp(remote, local);
  }

  @Override
  public void close() {
    local.closeGracefully();
    remote.closeGracefully();
  }
}
