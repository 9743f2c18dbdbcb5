package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Key scopes through the real bridge and broker. Every operation the served OpenAPI document gives
 * a scope is called twice: with a key holding every scope but that one (403 {@code
 * insufficient_scope} naming it) and with a key holding only that one (never refused for its
 * scope). So the document and the code cannot disagree on any route. Then expiry, rotation and the
 * rule that no key grants more than it holds.
 */
class ScopesITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final List<String> SCOPES = List.of("read", "write", "optimize", "dispatch", "admin");
  static RunningBridge bridge;

  @BeforeAll
  static void start() {
    bridge =
        RunningBridge.start(
            KAFKA.bootstrapServers(),
            RunningBridge.tempDir(),
            c ->
                c.withAccounts(
                    new BridgeConfig.AccountRules(
                        BigDecimal.ZERO, 100, new BigDecimal("0.05"), new BigDecimal("100000"))));
  }

  @AfterAll
  static void stop() {
    bridge.close();
  }

  @Test
  void everyDocumentedOperationRefusesAKeyWithoutItsScopeAndAcceptsOneWithOnlyIt() {
    Api api = bridge.api();
    JsonNode doc = api.get("/.well-known/openapi.json").send().json();
    api.checkAgainst(new OpenApiCheck(doc));
    String owner = api.newKey("scopes-owner", 5);
    Map<String, String> without = new HashMap<>();
    Map<String, String> only = new HashMap<>();
    for (String scope : SCOPES) {
      List<String> others = new ArrayList<>(SCOPES);
      others.remove(scope);
      without.put(scope, key(api, owner, others));
      only.put(scope, key(api, owner, List.of(scope)));
    }

    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        JsonNode scopes = op.getValue().path("security").path(0).path("bearer");
        if (scopes.size() != 1) {
          continue;
        }
        String scope = scopes.get(0).asText();
        String method = op.getKey().toUpperCase();
        String url = path.getKey().replaceAll("\\{[a-z_]+}", "missing_id");
        String what = method + " " + path.getKey();

        Api.Response refused = call(api, method, url, without.get(scope));
        assertThat(refused.status()).as(what + ": " + refused).isEqualTo(403);
        assertThat(refused.error().path("code").asText()).as(what).isEqualTo("insufficient_scope");
        assertThat(refused.error().path("missing_scope").asText()).as(what).isEqualTo(scope);

        Api.Response allowed = call(api, method, url, only.get(scope));
        assertThat(allowed.status()).as(what + ": " + allowed).isNotIn(401, 500);
        if (allowed.status() == 403) {
          assertThat(allowed.error().path("code").asText())
              .as(what + ": " + allowed)
              .isNotEqualTo("insufficient_scope");
        }
        checked++;
      }
    }
    assertThat(checked).as("operations with a scope").isGreaterThanOrEqualTo(30);
    assertThat(api.contractProblems()).isEmpty();
  }

  @Test
  void aKeyGrantsNoMoreThanItHoldsAndUnknownScopesAreNamed() {
    Api api = bridge.api();
    String owner = api.newKey("scopes-grant", 5);
    String keyAdmin = key(api, owner, List.of("admin", "read"));

    Api.Response escalate =
        api.post("/api/v1/api_keys")
            .key(keyAdmin)
            .json("{\"scopes\": [\"read\", \"write\"]}")
            .send();
    assertThat(escalate.status()).isEqualTo(403);
    assertThat(escalate.error().path("code").asText()).isEqualTo("insufficient_scope");
    assertThat(escalate.error().path("param").asText()).isEqualTo("scopes[1]");

    Api.Response unknown =
        api.post("/api/v1/api_keys").key(owner).json("{\"scopes\": [\"read\", \"root\"]}").send();
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.error().path("param").asText()).isEqualTo("scopes[1]");

    Api.Response past =
        api.post("/api/v1/api_keys")
            .key(owner)
            .json("{\"expires_at\": \"2001-01-01T00:00:00Z\"}")
            .send();
    assertThat(past.status()).isEqualTo(400);
    assertThat(past.error().path("param").asText()).isEqualTo("expires_at");

    // By default a new key holds what its creator holds.
    Api.Response inherited = api.post("/api/v1/api_keys").key(keyAdmin).json("{}").send();
    assertThat(inherited.status()).isEqualTo(201);
    assertThat(inherited.json().path("scopes"))
        .extracting(JsonNode::asText)
        .containsExactly("read", "admin");
    Api.Response listed = api.get("/api/v1/api_keys").key(owner).send();
    assertThat(listed.json().path("data").get(0).path("scopes"))
        .extracting(JsonNode::asText)
        .containsExactly("read", "write", "optimize", "dispatch", "admin");
  }

  @Test
  void aRotatedKeyWorksForItsGraceAndThenAnswersExpired() {
    Api api = bridge.api();
    String owner = api.newKey("scopes-rotate", 5);
    Api.Response created =
        api.post("/api/v1/api_keys")
            .key(owner)
            .json("{\"name\": \"deploy\", \"scopes\": [\"read\"]}")
            .send();
    String oldKey = created.json().path("key").asText();
    String oldId = created.json().path("id").asText();

    Api.Response graceful =
        api.post("/api/v1/api_keys/" + oldId + "/rotate")
            .key(owner)
            .json("{\"grace_seconds\": 600}")
            .send();
    assertThat(graceful.status()).as(graceful.toString()).isEqualTo(201);
    String newKey = graceful.json().path("key").asText();
    assertThat(graceful.json().path("name").asText()).isEqualTo("deploy");
    assertThat(graceful.json().path("scopes")).extracting(JsonNode::asText).containsExactly("read");
    assertThat(graceful.json().path("replaces").path("id").asText()).isEqualTo(oldId);
    assertThat(graceful.json().path("replaces").path("expires_at").isTextual()).isTrue();
    assertThat(api.get("/api/v1/account").key(oldKey).send().status()).isEqualTo(200);
    assertThat(api.get("/api/v1/account").key(newKey).send().status()).isEqualTo(200);

    String newId = graceful.json().path("id").asText();
    Api.Response now =
        api.post("/api/v1/api_keys/" + newId + "/rotate")
            .key(owner)
            .json("{\"grace_seconds\": 0}")
            .send();
    assertThat(now.status()).isEqualTo(201);
    Api.Response expired = api.get("/api/v1/account").key(newKey).send();
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.error().path("reason").asText()).isEqualTo("expired");
    assertThat(api.get("/api/v1/account").key(now.json().path("key").asText()).send().status())
        .isEqualTo(200);

    Api.Response again =
        api.post("/api/v1/api_keys/" + newId + "/rotate").key(owner).json("{}").send();
    assertThat(again.status()).isEqualTo(409);
    Api.Response tooLong =
        api.post("/api/v1/api_keys/" + oldId + "/rotate")
            .key(owner)
            .json("{\"grace_seconds\": 9999999}")
            .send();
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.error().path("param").asText()).isEqualTo("grace_seconds");
  }

  private static String key(Api api, String owner, List<String> scopes) {
    Api.Response r =
        api.post("/api/v1/api_keys")
            .key(owner)
            .json("{\"scopes\": [\"" + String.join("\", \"", scopes) + "\"]}")
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("key").asText();
  }

  /** One call as a client would make it: a JSON body for writes, nothing else. */
  private static Api.Response call(Api api, String method, String path, String key) {
    Api.Call call = api.call(method, path).key(key);
    if (method.equals("POST") || method.equals("PATCH")) {
      call.json("{}");
    }
    return call.send();
  }
}
