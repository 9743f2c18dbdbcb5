package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.internal.mcp.McpSchemaValidator;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.DispatchStack;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MCP server on the bridge's port, driven by the official SDK's client through the real bridge,
 * broker and dispatch job: the manifest, the tools and their schemas, the seed's flow (create a
 * driver and jobs, list them, optimize, cancel), and refusals in the REST error model as tool
 * errors — a key without the tool's scope, bad arguments, no key at all.
 */
class McpITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  static DispatchStack dispatch;
  static RunningBridge bridge;

  @BeforeAll
  static void start() throws Exception {
    dispatch = DispatchStack.start(KAFKA.bootstrapServers());
    bridge = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
  }

  @AfterAll
  static void stop() throws Exception {
    bridge.close();
    dispatch.close();
  }

  @Test
  void theManifestNamesTheEndpointAndTheSeedsTools() {
    JsonNode manifest = bridge.api().get("/.well-known/mcp.json").send().json();
    assertThat(manifest.path("server").path("url").asText())
        .isEqualTo(bridge.bridge().url() + "/mcp");
    assertThat(manifest.path("auth").path("type").asText()).isEqualTo("bearer");
    assertThat(manifest.path("tools").findValuesAsText("name"))
        .as("the seed's six first, then a dispatcher's")
        .startsWith(
            "optimize", "create_job", "list_jobs", "cancel_job", "create_driver", "list_drivers")
        .contains("reassign_job", "dispatch_emergency", "sla_at_risk", "job_decisions", "geocode");
    Map<String, String> scopes = new java.util.HashMap<>();
    manifest
        .path("tools")
        .forEach(t -> scopes.put(t.path("name").asText(), t.path("scope").asText()));
    assertThat(scopes)
        .as("each tool names the scope its REST operation needs")
        .containsEntry("list_jobs", "read")
        .containsEntry("create_job", "write")
        .containsEntry("optimize", "optimize")
        .containsEntry("reassign_job", "dispatch");
  }

  @Test
  void anAgentCreatesADriverAndJobsListsThemOptimizesAndCancels() {
    String key = bridge.api().newKey("mcp-agent", 5);
    String jobB;
    try (McpSyncClient mcp = client(key)) {
      mcp.initialize();
      List<McpSchema.Tool> tools = mcp.listTools().tools();
      assertThat(tools)
          .extracting(McpSchema.Tool::name)
          .contains("create_job", "list_jobs", "cancel_job", "optimize");
      McpSchema.Tool createJob = find(tools, "create_job");
      JsonNode schema = JSON.valueToTree(createJob.inputSchema());
      assertThat(schema.path("properties").has("dropoff_lat")).isTrue();
      assertThat(schema.path("properties").has("window_end")).isTrue();
      assertThat(schema.path("description").asText())
          .as("coordinates, or an address looked up on the map: said where an agent reads it")
          .contains("dropoff_lat", "dropoff_lng", "dropoff_address");
      assertThat(JSON.valueToTree(find(tools, "cancel_job").inputSchema()).path("required"))
          .extracting(JsonNode::asText)
          .containsExactly("id");

      JsonNode driver =
          ok(
              mcp.callTool(
                  new McpSchema.CallToolRequest(
                      "create_driver",
                      Map.of("name", "Ana", "start_lat", 43.7300, "start_lng", 7.4150))));
      String driverId = driver.path("id").asText();
      assertThat(driverId).startsWith("drv_");
      String jobA = job(mcp, 43.7310);
      jobB = job(mcp, 43.7390);

      JsonNode listed =
          ok(mcp.callTool(new McpSchema.CallToolRequest("list_jobs", Map.of("limit", 10))));
      assertThat(listed.path("data").findValuesAsText("id")).contains(jobA, jobB);

      JsonNode run =
          ok(
              mcp.callTool(
                  new McpSchema.CallToolRequest(
                      "optimize",
                      Map.of("job_ids", List.of(jobA, jobB), "driver_ids", List.of(driverId)))));
      assertThat(run.path("run_id").asText()).as("%s", run).startsWith("opt_");
      assertThat(run.path("status").asText()).isIn("completed", "processing");

      JsonNode cancelled =
          ok(mcp.callTool(new McpSchema.CallToolRequest("cancel_job", Map.of("id", jobB))));
      assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");

      // An agent checks an address before it writes anything: the map's answer, not a write.
      JsonNode placed =
          ok(
              await("the map's addresses are read at start-up")
                  .atMost(Duration.ofSeconds(30))
                  .until(
                      () ->
                          mcp.callTool(
                              new McpSchema.CallToolRequest(
                                  "geocode", Map.of("address", "15 Avenue de Monte-Carlo"))),
                      r -> !Boolean.TRUE.equals(r.isError())));
      assertThat(placed.path("lat").asDouble()).isBetween(43.72, 43.76);
      assertThat(placed.path("precision").asText()).isEqualTo("address");
    }
    List<String> audited = new ArrayList<>();
    await("the agent's calls audited")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              audited.clear();
              bridge
                  .api()
                  .get("/api/v1/audit/api_calls?limit=100")
                  .key(key)
                  .send()
                  .json()
                  .path("data")
                  .forEach(
                      c ->
                          audited.add(
                              c.path("via").asText()
                                  + " "
                                  + c.path("method").asText()
                                  + " "
                                  + c.path("path").asText()
                                  + " "
                                  + c.path("status").asInt()));
              return audited.size() >= 5;
            });
    assertThat(audited)
        .as("state-changing tool calls only, with the path as called")
        .hasSize(5)
        .allMatch(c -> c.startsWith("mcp POST /api/v1/"))
        .contains("mcp POST /api/v1/jobs/" + jobB + "/cancel 200");
  }

  @Test
  void aDispatcherAgentMovesAJobAndReadsTheDecisionBehindIt() {
    Api api = bridge.api();
    String key = api.newKey("mcp-dispatcher", 5);
    String near =
        restId(
            api,
            key,
            "/api/v1/drivers",
            "{\"start_lat\": 43.7300, \"start_lng\": 7.4200, \"zone\": \"mcp-d\"}");
    String far =
        restId(
            api,
            key,
            "/api/v1/drivers",
            "{\"start_lat\": 43.7400, \"start_lng\": 7.4300, \"zone\": \"mcp-d\"}");
    String job =
        restId(
            api,
            key,
            "/api/v1/jobs",
            "{\"dropoff_lat\": 43.7301, \"dropoff_lng\": 7.4201, \"zone\": \"mcp-d\"}");
    // Drivers and jobs arrive on different topics: move the job to the near driver until the
    // planner knows both, so the agent's move below is the second decision.
    await("the planner knows the job and both drivers")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.post("/api/v1/dispatch/reassign")
                            .key(key)
                            .json("{\"job_id\": \"%s\", \"driver_id\": \"%s\"}".formatted(job, far))
                            .send()
                            .status()
                        == 200
                    && api.post("/api/v1/dispatch/reassign")
                            .key(key)
                            .json(
                                "{\"job_id\": \"%s\", \"driver_id\": \"%s\"}".formatted(job, near))
                            .send()
                            .status()
                        == 200);
    try (McpSyncClient mcp = client(key)) {
      mcp.initialize();
      JsonNode moved =
          ok(
              mcp.callTool(
                  new McpSchema.CallToolRequest(
                      "reassign_job", Map.of("job_id", job, "driver_id", far, "lock", true))));
      assertThat(moved.path("status").asText()).as("%s", moved).isEqualTo("applied");
      assertThat(moved.path("driver_id").asText()).isEqualTo(far);
      JsonNode decisions =
          ok(mcp.callTool(new McpSchema.CallToolRequest("job_decisions", Map.of("id", job))));
      assertThat(decisions.path("data").size()).isGreaterThanOrEqualTo(2);
      assertThat(
              decisions
                  .path("data")
                  .get(decisions.path("data").size() - 1)
                  .path("cause_event_id")
                  .asText())
          .isEqualTo(moved.path("id").asText());
    }
    String readOnly =
        api.post("/api/v1/api_keys")
            .key(key)
            .json("{\"scopes\": [\"read\"]}")
            .send()
            .json()
            .path("key")
            .asText();
    try (McpSyncClient mcp = client(readOnly)) {
      mcp.initialize();
      JsonNode refused =
          failed(mcp.callTool(new McpSchema.CallToolRequest("unlock_job", Map.of("job_id", job))));
      assertThat(refused.path("code").asText()).isEqualTo("insufficient_scope");
      assertThat(refused.path("missing_scope").asText()).isEqualTo("dispatch");
    }
  }

  private static String restId(Api api, String key, String path, String body) {
    Api.Response r = api.post(path).key(key).json(body).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  @Test
  void refusalsAreToolErrorsInTheRestErrorModel() throws Exception {
    Api api = bridge.api();
    String owner = api.newKey("mcp-refusals", 5);
    String readOnly =
        api.post("/api/v1/api_keys")
            .key(owner)
            .json("{\"scopes\": [\"read\"]}")
            .send()
            .json()
            .path("key")
            .asText();
    try (McpSyncClient mcp = client(readOnly)) {
      mcp.initialize();
      JsonNode error =
          failed(
              mcp.callTool(
                  new McpSchema.CallToolRequest(
                      "create_job", Map.of("dropoff_lat", 43.73, "dropoff_lng", 7.42))));
      assertThat(error.path("code").asText()).isEqualTo("insufficient_scope");
      assertThat(error.path("missing_scope").asText()).isEqualTo("write");
      // Its scope allows reading.
      ok(mcp.callTool(new McpSchema.CallToolRequest("list_drivers", Map.of())));
    }
    try (McpSyncClient mcp = client(owner)) {
      mcp.initialize();
      JsonNode badLat =
          failed(
              mcp.callTool(
                  new McpSchema.CallToolRequest(
                      "create_job", Map.of("dropoff_lat", 137.7, "dropoff_lng", 7.42))));
      assertThat(badLat.path("code").asText()).isEqualTo("invalid_request");
      assertThat(badLat.path("param").asText()).isEqualTo("dropoff_lat");
      JsonNode nowhere =
          failed(
              mcp.callTool(
                  new McpSchema.CallToolRequest(
                      "create_job", Map.of("dropoff_address", "200 Dropoff Ave"))));
      assertThat(nowhere.path("param").asText())
          .as("an agent's address is looked up on the map, and one not on it is named")
          .isEqualTo("dropoff_address");
      JsonNode noId = failed(mcp.callTool(new McpSchema.CallToolRequest("cancel_job", Map.of())));
      assertThat(noId.path("param").asText()).isEqualTo("id");
    }

    HttpResponse<String> anonymous =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(bridge.bridge().url() + "/mcp"))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(anonymous.body()).path("error").path("reason").asText())
        .isEqualTo("missing");
  }

  private static McpSyncClient client(String key) {
    return McpClient.sync(
            HttpClientStreamableHttpTransport.builder(bridge.bridge().url())
                .endpoint("/mcp")
                .httpRequestCustomizer(
                    (request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + key))
                .build())
        .requestTimeout(Duration.ofSeconds(60))
        .jsonSchemaValidator(new McpSchemaValidator())
        .build();
  }

  private static String job(McpSyncClient mcp, double lat) {
    JsonNode job =
        ok(
            mcp.callTool(
                new McpSchema.CallToolRequest(
                    "create_job", Map.of("dropoff_lat", lat, "dropoff_lng", 7.4200))));
    assertThat(job.path("id").asText()).startsWith("job_");
    return job.path("id").asText();
  }

  private static McpSchema.Tool find(List<McpSchema.Tool> tools, String name) {
    return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static JsonNode ok(McpSchema.CallToolResult result) {
    assertThat(result.isError()).as("%s", result).isNotEqualTo(Boolean.TRUE);
    return JSON.valueToTree(result.structuredContent());
  }

  private static JsonNode failed(McpSchema.CallToolResult result) {
    assertThat(result.isError()).as("%s", result).isTrue();
    JsonNode body = JSON.valueToTree(result.structuredContent());
    assertThat(result.content().get(0)).isInstanceOf(McpSchema.TextContent.class);
    assertThat(((McpSchema.TextContent) result.content().get(0)).text())
        .doesNotContain("Exception", "\tat ");
    return body.path("error");
  }
}
