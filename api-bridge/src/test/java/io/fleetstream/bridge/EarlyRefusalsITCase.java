package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.RawHttp;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every early answer reaches a client that writes its whole body before it reads (as java.net.http,
 * curl and most SDKs do): 401, 403, 413, 415 and 429 (with Retry-After), each with bodies of 2 and
 * 20 MiB. The 503 case is in {@link KafkaOutageITCase}, which can take Kafka away.
 */
class EarlyRefusalsITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] JSON_START =
      "{\"dropoff_address\": \"".getBytes(StandardCharsets.UTF_8);
  static RunningBridge bridge;
  static String key;
  static String drainedKey;

  @BeforeAll
  static void start() {
    bridge = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
    Api api = bridge.api();
    key = api.newKey("big-sender", 1);
    drainedKey = api.newKey("drained", 1);
    Api.Response lowered =
        api.patch("/api/v1/account")
            .key(drainedKey)
            .json("{\"limits\": {\"rpm\": 1, \"burst\": 1}}")
            .send();
    assertThat(lowered.status()).as(lowered.toString()).isEqualTo(200);
    api.get("/api/v1/account").key(drainedKey).send();
  }

  @AfterAll
  static void stop() {
    bridge.close();
  }

  private static RawHttp.Answer post(String path, String authorization, String contentType, int mib)
      throws Exception {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    headers.put("Content-Type", contentType);
    return RawHttp.send(
        bridge.bridge().url(), "POST", path, headers, (long) mib << 20, JSON_START, (byte) 'x');
  }

  private static String code(RawHttp.Answer a) throws Exception {
    JsonNode body = JSON.readTree(a.body());
    return body.path("error").path("code").asText();
  }

  @ParameterizedTest(name = "{0} MiB")
  @ValueSource(ints = {2, 20})
  void noKeyGets401(int mib) throws Exception {
    RawHttp.Answer a = post("/api/v1/jobs", null, "application/json", mib);
    assertThat(a.status()).as(a.body()).isEqualTo(401);
    assertThat(code(a)).isEqualTo("unauthorized");
    assertThat(a.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @ParameterizedTest(name = "{0} MiB")
  @ValueSource(ints = {2, 20})
  void anAccountKeyOnAnAdminRouteGets403(int mib) throws Exception {
    String account = bridge.api().get("/api/v1/account").key(key).send().json().path("id").asText();
    RawHttp.Answer a =
        post(
            "/api/v1/admin/accounts/" + account + "/credit",
            "Bearer " + key,
            "application/json",
            mib);
    assertThat(a.status()).as(a.body()).isEqualTo(403);
    assertThat(code(a)).isEqualTo("forbidden");
  }

  @ParameterizedTest(name = "{0} MiB")
  @ValueSource(ints = {2, 20})
  void aBodyOverTheLimitGets413(int mib) throws Exception {
    RawHttp.Answer a = post("/api/v1/jobs", "Bearer " + key, "application/json", mib);
    assertThat(a.status()).as(a.body()).isEqualTo(413);
    assertThat(code(a)).isEqualTo("payload_too_large");
  }

  @ParameterizedTest(name = "{0} MiB")
  @ValueSource(ints = {2, 20})
  void aBodyThatIsNotJsonGets415(int mib) throws Exception {
    RawHttp.Answer a = post("/api/v1/jobs", "Bearer " + key, "text/plain", mib);
    assertThat(a.status()).as(a.body()).isEqualTo(415);
    assertThat(code(a)).isEqualTo("unsupported_media_type");
  }

  @ParameterizedTest(name = "{0} MiB")
  @ValueSource(ints = {2, 20})
  void anEmptyBucketGets429WithRetryAfter(int mib) throws Exception {
    RawHttp.Answer a = post("/api/v1/jobs", "Bearer " + drainedKey, "application/json", mib);
    assertThat(a.status()).as(a.body()).isEqualTo(429);
    assertThat(code(a)).isEqualTo("rate_limited");
    assertThat(Integer.parseInt(a.header("Retry-After"))).isBetween(1, 60);
    assertThat(a.header("X-RateLimit-Remaining")).isEqualTo("0");
  }
}
