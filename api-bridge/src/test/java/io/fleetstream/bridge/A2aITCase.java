package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.internal.mcp.ToolCalls;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An A2A client's view through the real bridge and broker: the agent card lists the skills, a
 * {@code message/send} runs one as the key allows and answers a finished task with the REST answer,
 * and everything the protocol defines as an error comes back as its JSON-RPC error.
 */
class A2aITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static RunningBridge bridge;
  static Api api;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    bridge = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
    api = bridge.api();
    api.checkAgainst(new OpenApiCheck(api.get("/.well-known/openapi.json").send().json()));
    key = api.newKey("a2a-agent", 5);
  }

  @AfterAll
  static void stop() throws Exception {
    bridge.close();
  }

  @AfterEach
  void everyResponseMatchedTheOpenApiDocument() {
    assertThat(api.contractProblems()).isEmpty();
  }

  @Test
  void theAgentCardListsEverySkillWithItsScopeAndWhereToCall() {
    JsonNode card = api.get("/.well-known/agent-card.json").send().json();

    assertThat(card.path("protocolVersion").asText()).isEqualTo("0.3.0");
    assertThat(card.path("url").asText()).isEqualTo(api.baseUrl() + "/a2a");
    assertThat(card.path("skills").findValuesAsText("id"))
        .containsExactlyElementsOf(ToolCalls.TOOLS.stream().map(ToolCalls.Tool::name).toList())
        .contains("assign_job", "simulate", "sla_at_risk");
    assertThat(card.path("securitySchemes").path("bearer").path("scheme").asText())
        .isEqualTo("bearer");
    assertThat(api.get("/.well-known/agent.json").send().json()).isEqualTo(card);
  }

  @Test
  void aSkillRunsAsTheKeyAllowsAndItsTaskCanBeReadBack() {
    JsonNode created =
        send(
            key,
            "create_driver",
            "{\"start_lat\": 43.73, \"start_lng\": 7.42, \"name\": \"Ada\", \"zone\": \"a2a\"}");
    JsonNode task = created.path("result");
    assertThat(task.path("kind").asText()).isEqualTo("task");
    assertThat(task.path("status").path("state").asText()).isEqualTo("completed");
    JsonNode answer = task.path("artifacts").get(0).path("parts").get(0).path("data");
    assertThat(answer.path("id").asText()).startsWith("drv_");
    assertThat(api.get("/api/v1/drivers/" + answer.path("id").asText()).key(key).send().status())
        .isEqualTo(200);

    JsonNode read =
        rpc(
            key,
            "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tasks/get\", \"params\": {\"id\": \"%s\"}}"
                .formatted(task.path("id").asText()));
    assertThat(read.path("result")).isEqualTo(task);
    JsonNode cancel =
        rpc(
            key,
            "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"tasks/cancel\", \"params\": {\"id\": \"%s\"}}"
                .formatted(task.path("id").asText()));
    assertThat(cancel.path("error").path("code").asInt()).isEqualTo(-32002);

    String reader =
        api.post("/api/v1/api_keys")
            .key(key)
            .json("{\"scopes\": [\"read\"]}")
            .send()
            .json()
            .path("key")
            .asText();
    JsonNode refused =
        send(reader, "create_job", "{\"dropoff_lat\": 43.73, \"dropoff_lng\": 7.42}");
    assertThat(refused.path("result").path("status").path("state").asText()).isEqualTo("failed");
    assertThat(
            refused
                .path("result")
                .path("artifacts")
                .get(0)
                .path("parts")
                .get(0)
                .path("data")
                .path("error")
                .path("code")
                .asText())
        .isEqualTo("insufficient_scope");
    JsonNode listed = send(reader, "list_drivers", "{}");
    assertThat(listed.path("result").path("status").path("state").asText()).isEqualTo("completed");
    org.awaitility.Awaitility.await("the create_driver call in the API-call log")
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                api.get("/api/v1/audit/api_calls?limit=100")
                    .key(key)
                    .send()
                    .json()
                    .path("data")
                    .findValuesAsText("via")
                    .contains("a2a"));
  }

  @Test
  void whatTheProtocolCallsAnErrorComesBackAsItsJsonRpcError() {
    assertThat(rpc(key, "{not json").path("error").path("code").asInt()).isEqualTo(-32700);
    assertThat(rpc(key, "{\"method\": \"message/send\"}").path("error").path("code").asInt())
        .isEqualTo(-32600);
    assertThat(
            rpc(key, "{\"jsonrpc\": \"2.0\", \"id\": \"x\", \"method\": \"agent/dance\"}")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(-32601);
    JsonNode text =
        rpc(
            key,
            "{\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": \"message/send\", \"params\": {\"message\":"
                + " {\"kind\": \"message\", \"role\": \"user\", \"messageId\": \"m1\", \"parts\":"
                + " [{\"kind\": \"text\", \"text\": \"assign my jobs please\"}]}}}");
    assertThat(text.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(text.path("id").asInt()).isEqualTo(4);
    assertThat(send(key, "fly_to_the_moon", "{}").path("error").path("code").asInt())
        .isEqualTo(-32602);
    assertThat(
            rpc(
                    key,
                    "{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"tasks/get\", \"params\": {\"id\": \"task_nope\"}}")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(-32001);
    assertThat(
            rpc(
                    key,
                    "{\"jsonrpc\": \"2.0\", \"id\": 6, \"method\": \"message/stream\", \"params\": {}}")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(-32004);
    assertThat(api.post("/a2a").json("{}").send().status()).as("no key").isEqualTo(401);
  }

  private static JsonNode send(String key, String skill, String arguments) {
    return rpc(
        key,
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"message/send\", \"params\": {\"message\":"
                + " {\"kind\": \"message\", \"role\": \"user\", \"messageId\": \"m-%s\", \"parts\":"
                + " [{\"kind\": \"data\", \"data\": {\"skill\": \"%s\", \"arguments\": %s}}]}}}")
            .formatted(skill, skill, arguments));
  }

  private static JsonNode rpc(String key, String body) {
    Api.Response r = api.post("/a2a").key(key).json(body).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }
}
