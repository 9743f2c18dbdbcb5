package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The business-flow holes (OWASP API6) stay closed: sign-up creates no money, only the operator
 * raises balances and limits (and each change is audited), an account's keys share its rate limit,
 * keys are capped, and credits earned on spend pay for calls.
 */
class BusinessFlowsITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static RunningBridge bridge;
  static Api api;

  @BeforeAll
  static void start() {
    bridge = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
    api = bridge.api();
    api.checkAgainst(new OpenApiCheck(api.get("/.well-known/openapi.json").send().json()));
  }

  @AfterAll
  static void stop() {
    bridge.close();
  }

  @AfterEach
  void everyResponseMatchedTheOpenApiDocument() {
    assertThat(api.contractProblems()).isEmpty();
  }

  private static Api.Response signup(String agent) {
    Api.Response r =
        api.post("/api/v1/agent_signup")
            .json("{\"agent_id\": \"" + agent + "\", \"prepay_usd\": 10000}")
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r;
  }

  @Test
  void signupWithPrepayCreatesNoBalanceAndOnlyTheOperatorTopsUpWithAnAuditEntry() {
    Api.Response signup = signup("rich-claims");
    String key = signup.json().path("api_key").asText();
    String account = signup.json().path("account_id").asText();
    assertThat(signup.json().path("balance_usd").decimalValue()).isEqualByComparingTo("0");
    assertThat(signup.json().path("requested_top_up_usd").decimalValue())
        .isEqualByComparingTo("10000");

    Api.Response write = api.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send();
    assertThat(write.status()).as("no balance, no writes").isEqualTo(402);
    assertThat(write.error().path("top_up_url").asText()).contains(account);

    Api.Response self =
        api.post("/api/v1/admin/accounts/" + account + "/credit")
            .key(key)
            .json("{\"usd\": 10000}")
            .send();
    assertThat(self.status()).as("a tenant cannot top itself up").isEqualTo(403);
    assertThat(self.error().path("code").asText()).isEqualTo("forbidden");

    Api.Response credited =
        api.post("/api/v1/admin/accounts/" + account + "/credit")
            .key(api.operatorKey())
            .json("{\"usd\": 25.5, \"note\": \"invoice 2026-0042\"}")
            .send();
    assertThat(credited.status()).as(credited.toString()).isEqualTo(200);
    assertThat(credited.json().path("action").asText()).isEqualTo("credit");
    assertThat(credited.json().path("before").path("balance_usd").decimalValue())
        .isEqualByComparingTo("0");
    assertThat(credited.json().path("after").path("balance_usd").decimalValue())
        .isEqualByComparingTo("25.5");

    JsonNode after = api.get("/api/v1/account").key(key).send().json();
    assertThat(after.path("balance_usd").decimalValue()).isEqualByComparingTo("25.5");
    assertThat(after.path("requested_top_up_usd").decimalValue()).isEqualByComparingTo("9974.5");
    assertThat(api.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send().status())
        .isEqualTo(201);

    JsonNode audit =
        api.get("/api/v1/admin/audit?account_id=" + account).key(api.operatorKey()).send().json();
    assertThat(audit.path("data")).hasSize(1);
    assertThat(audit.path("data").get(0).path("note").asText()).isEqualTo("invoice 2026-0042");
    assertThat(audit.path("data").get(0).path("key_id").asText()).startsWith("ork_");
    assertThat(api.get("/api/v1/admin/audit").key(key).send().status()).isEqualTo(403);
  }

  @Test
  void anAccountCannotRaiseItsOwnLimitsButTheOperatorCan() {
    Api.Response signup = signup("greedy-limits");
    String key = signup.json().path("api_key").asText();
    String account = signup.json().path("account_id").asText();

    Api.Response raise =
        api.patch("/api/v1/account").key(key).json("{\"limits\": {\"rpm\": 600000}}").send();
    assertThat(raise.status()).as(raise.toString()).isEqualTo(403);
    assertThat(raise.error().path("param").asText()).isEqualTo("limits.rpm");
    assertThat(api.get("/api/v1/account").key(key).send().json().path("limits").path("rpm").asInt())
        .isEqualTo(60);

    Api.Response lower =
        api.patch("/api/v1/account").key(key).json("{\"limits\": {\"rpm\": 30}}").send();
    assertThat(lower.status()).isEqualTo(200);
    assertThat(lower.json().path("limits").path("rpm").asInt()).isEqualTo(30);

    Api.Response granted =
        api.post("/api/v1/admin/accounts/" + account + "/limits")
            .key(api.operatorKey())
            .json("{\"rpm\": 600, \"burst\": 1200, \"note\": \"paid plan\"}")
            .send();
    assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
    assertThat(granted.json().path("before").path("limits").path("rpm").asInt()).isEqualTo(30);
    assertThat(granted.json().path("after").path("limits").path("rpm").asInt()).isEqualTo(600);
    Api.Response read = api.get("/api/v1/account").key(key).send();
    assertThat(read.json().path("limits").path("burst").asInt()).isEqualTo(1200);
    assertThat(read.header("X-RateLimit-Limit")).isEqualTo("600");

    Api.Response tooMuch =
        api.post("/api/v1/admin/accounts/" + account + "/limits")
            .key(api.operatorKey())
            .json("{\"rpm\": 600001}")
            .send();
    assertThat(tooMuch.status()).as("the operator's ceiling is limits.max_rpm").isEqualTo(400);
    assertThat(tooMuch.error().path("param").asText()).isEqualTo("rpm");
  }

  @Test
  void allKeysOfAnAccountShareOneBucketAndAKeyMayHaveATighterOneOfItsOwn() {
    String first = api.newKey("many-keys", 0);
    List<String> keys = new ArrayList<>(List.of(first));
    for (int i = 0; i < 3; i++) {
      Api.Response k =
          api.post("/api/v1/api_keys").key(first).json("{\"name\": \"k" + i + "\"}").send();
      assertThat(k.status()).as(k.toString()).isEqualTo(201);
      keys.add(k.json().path("key").asText());
    }
    Api.Response lowered =
        api.patch("/api/v1/account")
            .key(first)
            .json("{\"limits\": {\"rpm\": 1, \"burst\": 4}}")
            .send();
    assertThat(lowered.status()).isEqualTo(200);
    List<Integer> statuses = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (String key : keys) {
        statuses.add(api.get("/api/v1/account").key(key).send().status());
      }
    }
    assertThat(statuses.stream().filter(s -> s == 200).count())
        .as("4 keys x burst 4 must not be 16: " + statuses)
        .isLessThanOrEqualTo(4);
    assertThat(statuses.subList(4, 8)).containsOnly(429);

    String owner = api.newKey("key-limits", 0);
    Api.Response slow =
        api.post("/api/v1/api_keys")
            .key(owner)
            .json("{\"name\": \"cron\", \"rpm\": 1, \"burst\": 1}")
            .send();
    assertThat(slow.status()).as(slow.toString()).isEqualTo(201);
    String cron = slow.json().path("key").asText();
    assertThat(api.get("/api/v1/jobs").key(cron).send().status()).isEqualTo(200);
    Api.Response second = api.get("/api/v1/jobs").key(cron).send();
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.header("X-RateLimit-Burst")).isEqualTo("1");
    assertThat(api.get("/api/v1/jobs").key(owner).send().status())
        .as("the account's other keys go on")
        .isEqualTo(200);

    Api.Response tooFast = api.post("/api/v1/api_keys").key(owner).json("{\"rpm\": 61}").send();
    assertThat(tooFast.status()).as("a key's limit is within its account's").isEqualTo(400);
    assertThat(tooFast.error().path("param").asText()).isEqualTo("rpm");
  }

  @Test
  void anAccountHoldsAtMostTenActiveKeys() {
    String first = api.newKey("key-hoarder", 0);
    String lastId = null;
    for (int i = 1; i < 10; i++) {
      Api.Response k = api.post("/api/v1/api_keys").key(first).json("{}").send();
      assertThat(k.status()).as(k.toString()).isEqualTo(201);
      lastId = k.json().path("id").asText();
    }
    Api.Response eleventh = api.post("/api/v1/api_keys").key(first).json("{}").send();
    assertThat(eleventh.status()).as(eleventh.toString()).isEqualTo(409);
    assertThat(eleventh.error().path("code").asText()).isEqualTo("conflict");
    assertThat(eleventh.error().path("max_keys").asInt()).isEqualTo(10);

    assertThat(api.delete("/api/v1/api_keys/" + lastId).key(first).send().status()).isEqualTo(200);
    assertThat(api.post("/api/v1/api_keys").key(first).json("{}").send().status())
        .as("a revoked key frees a place")
        .isEqualTo(201);
  }

  @Test
  void spendMintsCreditsThatPayForCallsWhenTheBalanceIsGone() {
    String key = api.newKey("earner", 0.0021);
    for (int i = 0; i < 21; i++) {
      Api.Response w = api.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send();
      assertThat(w.status()).as(w.toString()).isEqualTo(201);
    }
    JsonNode account = api.get("/api/v1/account").key(key).send().json();
    assertThat(account.path("balance_usd").decimalValue()).isEqualByComparingTo("0");
    assertThat(account.path("balance_own").decimalValue())
        .as("5 % of $0.0021")
        .isEqualByComparingTo("0.000105");
    assertThat(account.path("usage").path("own_minted").decimalValue())
        .isEqualByComparingTo("0.000105");

    assertThat(api.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send().status())
        .as("the 22nd write is paid with credits")
        .isEqualTo(201);
    account = api.get("/api/v1/account").key(key).send().json();
    assertThat(account.path("balance_own").decimalValue()).isEqualByComparingTo("0.000005");
    assertThat(account.path("usage").path("spent_usd").decimalValue())
        .isEqualByComparingTo("0.0022");
    assertThat(api.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send().status())
        .isEqualTo(402);
  }
}
