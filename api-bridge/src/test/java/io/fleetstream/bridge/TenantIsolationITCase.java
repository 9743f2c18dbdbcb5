package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.DispatchStack;
import io.fleetstream.bridge.testing.ReliabilityFigures;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant isolation on every route, generated from the live OpenAPI document: for every operation on
 * a path with an id, each of two tenants asks for the other's resource and must get the same 404 as
 * for an id that does not exist (same status, keys, code, param, message but for the id, same
 * headers) and change nothing; every list of one tenant must not mention the other's ids. A route
 * added later with an id fails {@link #everyIdRouteIsCoveredAndNoTenantReachesAnothersResources}
 * until {@link #OWNED} says whose resource to probe it with.
 */
class TenantIsolationITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  /**
   * Which of a tenant's resources each path with an id is probed with. Add a line for a new route.
   */
  static final Map<String, Function<Tenant, String>> OWNED =
      Map.ofEntries(
          Map.entry("/api/v1/api_keys/{id}", Tenant::extraKeyId),
          Map.entry("/api/v1/api_keys/{id}/rotate", Tenant::extraKeyId),
          Map.entry("/api/v1/drivers/{id}", Tenant::driver),
          Map.entry("/api/v1/jobs/{id}", Tenant::job),
          Map.entry("/api/v1/jobs/{id}/cancel", Tenant::job),
          Map.entry("/api/v1/jobs/{id}/start", Tenant::job),
          Map.entry("/api/v1/jobs/{id}/complete", Tenant::job),
          Map.entry("/api/v1/jobs/{id}/fail", Tenant::job),
          Map.entry("/api/v1/jobs/{id}/audit", Tenant::job),
          Map.entry("/api/v1/drivers/{id}/shift/start", Tenant::driver),
          Map.entry("/api/v1/drivers/{id}/shift/end", Tenant::driver),
          Map.entry("/api/v1/drivers/{id}/locations", Tenant::driver),
          Map.entry("/api/v1/drivers/{id}/metrics", Tenant::driver),
          Map.entry("/api/v1/optimization_runs/{id}", Tenant::planRun),
          Map.entry("/api/v1/optimization_runs/{id}/book", Tenant::planRun),
          Map.entry("/api/v1/optimization_runs/{id}/audit", Tenant::commitRun),
          Map.entry("/api/v1/routes/{id}", Tenant::route),
          Map.entry("/api/v1/routing/jobs/{id}", Tenant::routingProblem),
          Map.entry("/api/v1/simulation/runs/{id}", Tenant::simulation),
          Map.entry("/api/v1/learning/runs/{id}", Tenant::learningRun),
          Map.entry("/api/v1/learning/runs/{id}/activate", Tenant::learningRun),
          Map.entry("/api/v1/webhook_endpoints/{id}", Tenant::hook),
          Map.entry("/api/v1/webhook_endpoints/{id}/test", Tenant::hook),
          Map.entry("/api/v1/webhook_endpoints/{id}/rotate_secret", Tenant::hook),
          Map.entry("/api/v1/webhook_endpoints/{id}/deliveries", Tenant::hook),
          Map.entry(
              "/api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}/replay", Tenant::hook));

  /** A valid body for operations that take one, so a refusal is about the id and not the body. */
  static final Map<String, String> BODIES =
      Map.of(
          "PATCH /api/v1/drivers/{id}",
          "{\"name\": \"intruder\"}",
          "PATCH /api/v1/jobs/{id}",
          "{\"priority\": 5}",
          "POST /api/v1/jobs/{id}/cancel",
          "{\"reason\": \"intruder\"}",
          "POST /api/v1/drivers/{id}/locations",
          "{\"pings\": [{\"lat\": 43.73, \"lng\": 7.42, \"recorded_at\": \"2026-01-01T00:00:00Z\"}]}",
          "PATCH /api/v1/webhook_endpoints/{id}",
          "{\"description\": \"intruder\"}");

  static final int TIMING_ROUNDS = 40;

  static DispatchStack dispatch;
  static RunningBridge bridge;
  static Api api;
  static JsonNode document;
  static Tenant a;
  static Tenant b;

  @BeforeAll
  static void start() throws Exception {
    dispatch = DispatchStack.start(KAFKA.bootstrapServers());
    bridge =
        RunningBridge.start(
            KAFKA.bootstrapServers(),
            RunningBridge.tempDir(),
            c ->
                c.withAllowPrivateWebhookTargets(true)
                    .withDefaultLimits(new BridgeConfig.Limits(600_000, 100_000, 1000)));
    api = bridge.api();
    document = api.get("/.well-known/openapi.json").send().json();
    a = tenant("tenant-a");
    b = tenant("tenant-b");
  }

  @AfterAll
  static void stop() throws Exception {
    if (bridge != null) {
      bridge.close();
    }
    if (dispatch != null) {
      dispatch.close();
    }
  }

  /** One tenant's resources, one of each kind the API has. */
  record Tenant(
      String name,
      String key,
      String extraKeyId,
      String extraKey,
      String job,
      String driver,
      String hook,
      String planRun,
      String commitRun,
      String route,
      String simulation,
      String learningRun,
      String routingProblem) {

    List<String> ids() {
      return List.of(extraKeyId, job, driver, hook, planRun, commitRun, route);
    }
  }

  static Tenant tenant(String name) {
    String key = api.newKey(name, 10);
    Api.Response extra =
        created(api.post("/api/v1/api_keys").key(key).json("{\"name\": \"second\"}").send());
    String job = id(api.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send());
    String planJob = id(api.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send());
    String driver =
        id(api.post("/api/v1/drivers").key(key).json(ApiContractITCase.SEED_DRIVER).send());
    String hook =
        id(
            api.post("/api/v1/webhook_endpoints")
                .key(key)
                .json(
                    "{\"url\": \"http://127.0.0.1:9/"
                        + name
                        + "\", \"description\": \""
                        + name
                        + "\"}")
                .send());
    Api.Response plan =
        api.post("/api/v1/optimize")
            .key(key)
            .json(
                "{\"job_ids\": [\""
                    + planJob
                    + "\"], \"driver_ids\": [\""
                    + driver
                    + "\"], \"mode\": \"plan\"}")
            .send();
    assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
    Api.Response commit =
        api.post("/api/v1/optimize")
            .key(key)
            .json("{\"job_ids\": [\"" + job + "\"], \"driver_ids\": [\"" + driver + "\"]}")
            .send();
    assertThat(commit.status()).as(commit.toString()).isEqualTo(200);
    String route = commit.json().path("routes").path(0).path("route_id").asText();
    assertThat(route).as(commit.toString()).startsWith("rte_");
    Api.Response simulation =
        api.post("/api/v1/simulation/run")
            .key(key)
            .json("{\"zone\": \"iso\", \"time_limit_s\": 0.5}")
            .send();
    assertThat(simulation.status()).as(simulation.toString()).isEqualTo(200);
    Api.Response learning = created(api.post("/api/v1/learning/run").key(key).json("{}").send());
    // A seed-004 problem: its id is the caller's, unique within the account only.
    String problem = "rp_" + name;
    Api.Response routing =
        api.post("/api/v1/routing/run?timeout=0")
            .key(key)
            .json(OptimizeITCase.seed004(problem, "", ""))
            .send();
    assertThat(routing.status()).as(routing.toString()).isEqualTo(202);
    return new Tenant(
        name,
        key,
        extra.json().path("id").asText(),
        extra.json().path("key").asText(),
        job,
        driver,
        hook,
        plan.json().path("run_id").asText(),
        commit.json().path("run_id").asText(),
        route,
        simulation.json().path("id").asText(),
        learning.json().path("id").asText(),
        problem);
  }

  @Test
  void everyIdRouteIsCoveredAndNoTenantReachesAnothersResources() {
    List<String[]> operations = idOperations();
    Map<String, String> before = snapshot(a);
    before.putAll(snapshot(b));

    List<String> leaks = new ArrayList<>();
    int probes = 0;
    for (Tenant[] pair : new Tenant[][] {{a, b}, {b, a}}) {
      Tenant owner = pair[0];
      Tenant prober = pair[1];
      for (String[] op : operations) {
        String method = op[0];
        String template = op[1];
        String foreign = OWNED.get(template).apply(owner);
        String missing = missingLike(foreign);
        Api.Response forForeign = send(method, template, foreign, prober);
        Api.Response forMissing = send(method, template, missing, prober);
        probes++;
        String what =
            prober.name() + " " + method + " " + template + " with " + owner.name() + "'s id";
        if (forForeign.status() != 404 || forMissing.status() != 404) {
          leaks.add(what + ": " + forForeign + " (a missing id: " + forMissing + ")");
        } else if (!shape(forForeign, foreign).equals(shape(forMissing, missing))) {
          leaks.add(
              what
                  + " answers differently from a missing id: "
                  + shape(forForeign, foreign)
                  + " vs "
                  + shape(forMissing, missing));
        }
      }
      leaks.addAll(foreignIdsInLists(prober, owner));
    }
    System.out.printf(
        "tenant isolation: %d id operations x 2 tenants = %d probes (each with a missing id too), "
            + "%d list routes x 2 tenants, leaks: %d%n",
        operations.size(), probes, listRoutes().size(), leaks.size());
    ReliabilityFigures.write(
        "tenant-isolation-api",
        List.of(
            ReliabilityFigures.row(
                "isolation",
                "API: every id operation in the OpenAPI document × 2 tenants, with the other's ids; every list",
                probes + 2L * listRoutes().size(),
                "probes",
                leaks.size(),
                "leaks")));
    assertThat(leaks).isEmpty();

    Map<String, String> after = snapshot(a);
    after.putAll(snapshot(b));
    assertThat(after).as("nothing another tenant sent changed anything").isEqualTo(before);
  }

  @Test
  void anotherTenantsIdTakesAsLongAsAMissingOne() {
    for (String[] op : idOperations()) {
      if (!op[0].equals("GET")) {
        continue;
      }
      String foreign = OWNED.get(op[1]).apply(a);
      String missing = missingLike(foreign);
      List<Long> foreignNanos = new ArrayList<>();
      List<Long> missingNanos = new ArrayList<>();
      for (int i = 0; i < TIMING_ROUNDS; i++) {
        // Interleaved, so a slow moment of the machine hits both alike.
        foreignNanos.add(timed(op[0], op[1], foreign, b));
        missingNanos.add(timed(op[0], op[1], missing, b));
      }
      double f = median(foreignNanos) / 1e6;
      double m = median(missingNanos) / 1e6;
      System.out.printf(
          "tenant isolation timing: GET %s median %.2f ms for another tenant's id, %.2f ms for a "
              + "missing id (%d rounds)%n",
          op[1], f, m, TIMING_ROUNDS);
      // Loose: what matters is that no lookup of a foreign id does measurable extra work (a Kafka
      // read,
      // a remote call); a few milliseconds of noise on a busy machine is not an oracle.
      assertThat(Math.abs(f - m)).as("GET %s: %.2f vs %.2f ms", op[1], f, m).isLessThan(25.0);
    }
  }

  /** Every operation on a path with a parameter, checked to be one the test knows how to probe. */
  private static List<String[]> idOperations() {
    List<String[]> operations = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      if (!path.getKey().contains("{") || operatorOnly(path.getValue())) {
        continue; // operator routes: no account key reaches them
        // (operatorRoutesRefuseEveryAccountKeyAlike)
      }
      if (!OWNED.containsKey(path.getKey())) {
        unknown.add(
            path.getKey()
                + " (no entry in OWNED: say which resource of a tenant it reads or changes)");
        continue;
      }
      for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
        String method = methods.next().toUpperCase(Locale.ROOT);
        JsonNode op = path.getValue().path(method.toLowerCase(Locale.ROOT));
        if (op.path("requestBody").path("required").asBoolean(false)
            && !BODIES.containsKey(method + " " + path.getKey())) {
          unknown.add(method + " " + path.getKey() + " (needs a body: add one to BODIES)");
        }
        operations.add(new String[] {method, path.getKey()});
      }
    }
    assertThat(unknown).as("id routes this test cannot exercise yet").isEmpty();
    assertThat(operations)
        .as("the document lists id routes")
        .hasSizeGreaterThanOrEqualTo(OWNED.size());
    return operations;
  }

  /**
   * The operator's routes (tagged {@code admin} in the document, every one added later included)
   * refuse every account's key with the same 403, whether the id is another account's, the caller's
   * own or one that does not exist: an account learns nothing about another from them.
   */
  @Test
  void dispatchCommandsNamingAnotherTenantsJobOrDriverFindNothingAndChangeNothing() {
    Map<String, String> before = snapshot(a);
    List<String> leaks = new ArrayList<>();
    Map<String, String> commands =
        Map.of(
            "/api/v1/dispatch/reassign",
            "{\"job_id\": \"%s\", \"driver_id\": \"%s\"}".formatted(a.job(), b.driver()),
            "/api/v1/dispatch/lock",
            "{\"job_id\": \"%s\"}".formatted(a.job()),
            "/api/v1/dispatch/unlock",
            "{\"job_id\": \"%s\"}".formatted(a.job()),
            "/api/v1/dispatch/emergency",
            "{\"job_id\": \"%s\"}".formatted(a.job()));
    commands.forEach(
        (path, body) -> {
          Api.Response r = api.post(path).key(b.key()).json(body).send();
          if (r.status() != 404 || !"job_id".equals(r.error().path("param").asText())) {
            leaks.add(path + " with a's job: " + r);
          }
        });
    Api.Response foreignDriver =
        api.post("/api/v1/dispatch/reassign")
            .key(b.key())
            .json("{\"job_id\": \"%s\", \"driver_id\": \"%s\"}".formatted(b.job(), a.driver()))
            .send();
    if (foreignDriver.status() != 404
        || !"driver_id".equals(foreignDriver.error().path("param").asText())) {
      leaks.add("reassign to a's driver: " + foreignDriver);
    }
    Api.Response whatIf =
        api.post("/api/v1/simulation/run")
            .key(b.key())
            .json("{\"zone\": \"iso\", \"remove_driver_ids\": [\"%s\"]}".formatted(a.driver()))
            .send();
    if (whatIf.status() != 404
        || !"remove_driver_ids[0]".equals(whatIf.error().path("param").asText())) {
      leaks.add("a what-if without a's driver: " + whatIf);
    }
    Api.Response prediction =
        api.post("/api/v1/prediction/duration")
            .key(b.key())
            .json("{\"driver_id\": \"%s\"}".formatted(a.driver()))
            .send();
    if (prediction.status() != 404) {
      leaks.add("prediction for a's driver: " + prediction);
    }
    JsonNode decisions =
        api.get("/api/v1/audit/decisions?driver_id=" + a.driver()).key(b.key()).send().json();
    if (!decisions.path("data").isEmpty()) {
      leaks.add("b lists decisions choosing a's driver: " + decisions);
    }
    assertThat(leaks).isEmpty();
    assertThat(snapshot(a)).as("a's resources are unchanged").isEqualTo(before);
  }

  @Test
  void apiCallLogsHoldOnlyTheAccountsOwnKeys() {
    for (Tenant[] pair : new Tenant[][] {{a, b}, {b, a}}) {
      Tenant reader = pair[0];
      Tenant other = pair[1];
      Set<String> othersKeys = new HashSet<>();
      api.get("/api/v1/api_keys?limit=100")
          .key(other.key())
          .send()
          .json()
          .path("data")
          .forEach(k -> othersKeys.add(k.path("id").asText()));
      Set<String> logged = new HashSet<>();
      await(reader.name() + "'s calls logged")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                api.get("/api/v1/audit/api_calls?limit=100")
                    .key(reader.key())
                    .send()
                    .json()
                    .path("data")
                    .forEach(c -> logged.add(c.path("key_id").asText()));
                return !logged.isEmpty();
              });
      assertThat(othersKeys).isNotEmpty();
      assertThat(logged).doesNotContainAnyElementsOf(othersKeys);
    }
  }

  @Test
  void operatorRoutesRefuseEveryAccountKeyAlike() {
    String accountOfA = api.get("/api/v1/account").key(a.key()).send().json().path("id").asText();
    String accountOfB = api.get("/api/v1/account").key(b.key()).send().json().path("id").asText();
    assertThat(accountOfA).startsWith("acct_");
    List<String> leaks = new ArrayList<>();
    int probes = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      if (!path.getKey().contains("{") || !operatorOnly(path.getValue())) {
        continue;
      }
      for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
        String method = methods.next().toUpperCase(Locale.ROOT);
        Set<String> shapes = new TreeSet<>();
        for (String id : List.of(accountOfA, accountOfB, missingLike(accountOfA))) {
          Api.Call call = api.call(method, path.getKey().replace("{id}", id)).key(b.key());
          if (!method.equals("GET")) {
            call.json("{}");
          }
          Api.Response r = call.send();
          probes++;
          if (r.status() != 403) {
            leaks.add("B " + method + " " + path.getKey() + " with " + id + ": " + r);
          }
          shapes.add(shape(r, id));
        }
        if (shapes.size() != 1) {
          leaks.add(
              "B " + method + " " + path.getKey() + " answers differently by account: " + shapes);
        }
      }
    }
    System.out.printf(
        "operator routes: %d probes with an account key, leaks: %d%n", probes, leaks.size());
    assertThat(probes).as("the document lists operator routes with an id").isPositive();
    assertThat(leaks).isEmpty();
  }

  private static boolean operatorOnly(JsonNode pathItem) {
    for (Iterator<JsonNode> ops = pathItem.elements(); ops.hasNext(); ) {
      for (JsonNode tag : ops.next().path("tags")) {
        if (tag.asText().equals("admin")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Every GET of {@code /api/v1} without a parameter: each of them must never show another tenant's
   * ids.
   */
  private static List<String> listRoutes() {
    List<String> lists = new ArrayList<>();
    document
        .path("paths")
        .fields()
        .forEachRemaining(
            p -> {
              // Operator routes are refused to every account key
              // (operatorRoutesRefuseEveryAccountKeyAlike); the event stream is no list (its
              // isolation is EventStreamITCase's: every event it sends is the account's).
              // The account's API-call log lists the reader's own calls, which name whatever ids
              // the reader sent (this test's probes included); its isolation is
              // apiCallLogsHoldOnlyTheAccountsOwnKeys. A route with a required query parameter is
              // a lookup, not a list (/geocode reads the map, which no account owns).
              if (p.getKey().startsWith("/api/v1/")
                  && !p.getKey().contains("{")
                  && !p.getKey().equals("/api/v1/audit/api_calls")
                  && !hasRequiredQuery(p.getValue().path("get"))
                  && p.getValue().has("get")
                  && p.getValue().at("/get/responses/200/content").has("application/json")
                  && !operatorOnly(p.getValue())) {
                lists.add(p.getKey());
              }
            });
    return lists;
  }

  private static boolean hasRequiredQuery(JsonNode operation) {
    for (JsonNode parameter : operation.path("parameters")) {
      if ("query".equals(parameter.path("in").asText()) && parameter.path("required").asBoolean()) {
        return true;
      }
    }
    return false;
  }

  private static List<String> foreignIdsInLists(Tenant reader, Tenant owner) {
    List<String> leaks = new ArrayList<>();
    for (String path : listRoutes()) {
      Api.Response mine = api.get(path).key(reader.key()).send();
      assertThat(mine.status()).as(path + " " + mine).isEqualTo(200);
      for (String id : owner.ids()) {
        if (mine.raw().body().contains(id)) {
          leaks.add(reader.name() + "'s GET " + path + " shows " + owner.name() + "'s " + id);
        }
      }
      if (mine.json().has("data")) {
        // Not vacuous: the reader's own list shows the reader's resources of that kind.
        assertThat(reader.ids().stream().anyMatch(mine.raw().body()::contains))
            .as("%s's own GET %s lists something of its own: %s", reader.name(), path, mine)
            .isTrue();
      }
    }
    return leaks;
  }

  /** What an owner sees of each resource, compared before and after the other tenant's attempts. */
  private static Map<String, String> snapshot(Tenant t) {
    Map<String, String> s = new LinkedHashMap<>();
    // Not the job's status: the dispatch job may move it on its own; a cancel by someone else would
    // show as one.
    Api.Response job = api.get("/api/v1/jobs/" + t.job()).key(t.key()).send();
    s.put(
        t.name() + " job",
        field(job, "priority")
            + " cancelled="
            + job.json().path("status").asText().equals("cancelled"));
    s.put(
        t.name() + " driver",
        field(api.get("/api/v1/drivers/" + t.driver()).key(t.key()).send(), "name"));
    s.put(
        t.name() + " hook",
        field(api.get("/api/v1/webhook_endpoints/" + t.hook()).key(t.key()).send(), "description"));
    s.put(
        t.name() + " plan run",
        field(
            api.get("/api/v1/optimization_runs/" + t.planRun()).key(t.key()).send(),
            "status",
            "booked_run_id"));
    s.put(
        t.name() + " route",
        field(api.get("/api/v1/routes/" + t.route()).key(t.key()).send(), "driver_id"));
    s.put(
        t.name() + " second key",
        Integer.toString(api.get("/api/v1/account").key(t.extraKey()).send().status()));
    return s;
  }

  private static String field(Api.Response r, String... names) {
    StringBuilder out = new StringBuilder(Integer.toString(r.status()));
    for (String name : names) {
      out.append(' ').append(name).append('=').append(r.json().path(name).asText());
    }
    return out.toString();
  }

  private static Api.Response send(String method, String template, String id, Tenant as) {
    // A second path parameter (a delivery of the endpoint) is probed with any id: the endpoint's
    // owner is checked first.
    Api.Call call =
        api.call(method, template.replace("{id}", id).replace("{delivery_id}", "evt_probe"))
            .key(as.key());
    String body = BODIES.get(method + " " + template);
    if (body != null) {
      call.json(body);
    }
    return call.send();
  }

  private static long timed(String method, String template, String id, Tenant as) {
    long t0 = System.nanoTime();
    Api.Response r = send(method, template, id, as);
    long took = System.nanoTime() - t0;
    assertThat(r.status()).as(r.toString()).isEqualTo(404);
    return took;
  }

  /**
   * What a client can tell from a 404: status, the error's keys, code and param, the message with
   * the id blanked out, and the names of the headers.
   */
  private static String shape(Api.Response r, String id) {
    JsonNode error = r.error();
    Set<String> keys = new TreeSet<>();
    error.fieldNames().forEachRemaining(keys::add);
    Set<String> headers = new TreeSet<>(r.raw().headers().map().keySet());
    headers.remove("date");
    return r.status()
        + " keys="
        + keys
        + " code="
        + error.path("code").asText()
        + " param="
        + error.path("param").asText()
        + " message="
        + error.path("message").asText().replace(id, "<id>")
        + " docs_url="
        + error.path("docs_url").asText()
        + " headers="
        + headers
        + " top-level="
        + fieldNames(r.json());
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static final char[] CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** An id of the same kind and length that exists nowhere. */
  static String missingLike(String id) {
    int cut = id.indexOf('_') + 1;
    StringBuilder b = new StringBuilder(id.substring(0, cut));
    for (int i = cut; i < id.length(); i++) {
      b.append(CROCKFORD[RANDOM.nextInt(CROCKFORD.length)]);
    }
    return b.toString();
  }

  private static String id(Api.Response r) {
    return created(r).json().path("id").asText();
  }

  private static Api.Response created(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r;
  }

  private static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
