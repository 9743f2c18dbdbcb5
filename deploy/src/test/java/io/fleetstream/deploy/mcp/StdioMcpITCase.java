package io.fleetstream.deploy.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.internal.mcp.McpSchemaValidator;
import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.broker.process.LocalPorts;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.deploy.Fleetstream;
import io.fleetstream.deploy.bridge.EmbeddedBridge;
import io.fleetstream.deploy.bridge.SandboxSignup;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetstream mcp --stdio} as a desktop agent starts it: a separate process speaking MCP on
 * its standard streams, driven by the SDK's stdio client, forwarding to a real bridge and broker.
 */
class StdioMcpITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void anAgentUsesTheBridgesToolsThroughTheStdioShim() throws Exception {
    try (KafkaBroker broker =
        KafkaBroker.builder().dataDir(tmp.resolve("kafka")).heap("512m").build().start()) {
      TopicAdmin.builder()
          .bootstrapServers(broker.bootstrapServers())
          .partitions(1)
          .build()
          .ensureTopics();
      try (EmbeddedBridge bridge =
          EmbeddedBridge.start(
              tmp.resolve("bridge"),
              broker.bootstrapServers(),
              LocalPorts.freePort(),
              tmp.resolve("logs"),
              Map.of(),
              Duration.ofSeconds(120))) {
        String key =
            SandboxSignup.of(HttpClient.newHttpClient(), bridge.url(), "stdio-agent").key();
        ServerParameters shim =
            ServerParameters.builder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args(
                    "-cp",
                    System.getProperty("java.class.path"),
                    Fleetstream.class.getName(),
                    "mcp",
                    "--stdio",
                    "--url",
                    bridge.url(),
                    "--key",
                    key)
                .build();
        McpSyncClient agent =
            McpClient.sync(
                    new StdioClientTransport(shim, new JacksonMcpJsonMapper(new ObjectMapper())))
                .requestTimeout(Duration.ofSeconds(60))
                .jsonSchemaValidator(new McpSchemaValidator())
                .build();
        try {
          agent.initialize();
          assertThat(agent.listTools().tools())
              .extracting(McpSchema.Tool::name)
              .as("the seed's six first, then a dispatcher's")
              .startsWith(
                  "optimize",
                  "create_job",
                  "list_jobs",
                  "cancel_job",
                  "create_driver",
                  "list_drivers")
              .contains("assign_job", "dispatch_emergency", "sla_at_risk", "driver_schedule");
          McpSchema.CallToolResult created =
              agent.callTool(
                  new McpSchema.CallToolRequest(
                      "create_driver", Map.of("start_lat", 43.73, "start_lng", 7.42)));
          assertThat(created.isError()).as("%s", created).isNotEqualTo(Boolean.TRUE);
          String id = JSON.valueToTree(created.structuredContent()).path("id").asText();
          JsonNode listed =
              JSON.valueToTree(
                  agent
                      .callTool(new McpSchema.CallToolRequest("list_drivers", Map.of()))
                      .structuredContent());
          assertThat(listed.path("data").findValuesAsText("id")).contains(id);
          McpSchema.CallToolResult bad =
              agent.callTool(
                  new McpSchema.CallToolRequest(
                      "create_driver", Map.of("start_lat", 91, "start_lng", 7.42)));
          assertThat(bad.isError()).isTrue();
          assertThat(JSON.valueToTree(bad.structuredContent()).at("/error/param").asText())
              .isEqualTo("start_lat");
        } finally {
          agent.closeGracefully();
        }
      }
    }
  }
}
