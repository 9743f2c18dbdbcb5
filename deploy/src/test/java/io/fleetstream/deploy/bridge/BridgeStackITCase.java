package io.fleetstream.deploy.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.broker.process.LocalPorts;
import io.fleetstream.deploy.Fleetstream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --port P} starts the HTTP bridge on P+2 in its own JVM and returns only once it is
 * ready; the API then writes into the running dispatch job; {@code down} stops the bridge too.
 */
class BridgeStackITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;
  private final HttpClient http = HttpClient.newHttpClient();

  private String fleetstream(String... args) {
    StringWriter out = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data-dir";
    all[args.length + 1] = dataDir.toString();
    int code = Fleetstream.run(new PrintWriter(out, true), new PrintWriter(out, true), all);
    assertThat(code).as(out.toString()).isZero();
    return out.toString();
  }

  @Test
  void upStartsTheBridgeReadyOnBasePortPlusTwoAndDownStopsIt() throws Exception {
    int base = basePort();
    String up = fleetstream("up", "--port", Integer.toString(base));
    assertThat(up).contains("http api", "http://127.0.0.1:" + (base + 2));

    JsonNode status = JSON.readTree(fleetstream("status", "--json"));
    String url = status.path("bridge").path("url").asText();
    long bridgePid = status.path("bridge").path("pid").asLong();
    assertThat(url).isEqualTo("http://127.0.0.1:" + (base + 2));
    try {
      assertThat(get(url + "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(url + "/readyz").statusCode())
          .as("up returns only once the bridge is ready")
          .isEqualTo(200);

      JsonNode signup =
          JSON.readTree(
              post(
                      url + "/api/v1/agent_signup",
                      null,
                      "{\"agent_id\": \"stack-bot\", \"prepay_usd\": 1}")
                  .body());
      String key = signup.path("api_key").asText();
      assertThat(signup.path("balance_usd").decimalValue())
          .as("sign-up creates no balance")
          .isZero();
      JsonNode credit =
          JSON.readTree(
              fleetstream(
                  "accounts",
                  "credit",
                  "--account",
                  signup.path("account_id").asText(),
                  "--usd",
                  "1",
                  "--note",
                  "stack test"));
      assertThat(credit.path("after").path("balance_usd").decimalValue())
          .as("the operator's top-up")
          .isEqualByComparingTo("1");
      post(url + "/api/v1/drivers", key, "{\"start_lat\": 43.7384, \"start_lng\": 7.4246}");
      String job =
          JSON.readTree(
                  post(
                          url + "/api/v1/jobs",
                          key,
                          "{\"dropoff_lat\": 43.7390, \"dropoff_lng\": 7.4250}")
                      .body())
              .path("id")
              .asText();
      await("the stack's dispatch job assigns the job")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () ->
                  JSON.readTree(get(url + "/api/v1/jobs/" + job, key).body())
                      .path("status")
                      .asText(),
              "assigned"::equals);
    } finally {
      fleetstream("down");
    }
    assertThat(ProcessHandle.of(bridgePid).map(ProcessHandle::isAlive).orElse(false))
        .as("bridge after down")
        .isFalse();
  }

  private static int basePort() {
    for (int i = 0; i < 50; i++) {
      int p = LocalPorts.freePort();
      if (p < 65000 && LocalPorts.isFree(p + 1) && LocalPorts.isFree(p + 2)) {
        return p;
      }
    }
    throw new IllegalStateException("no three free ports in a row");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url, String key) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String key, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return r;
  }
}
