package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} through the real bridge and broker: what an operator's Prometheus scrapes after
 * real traffic — requests by route template and status with a latency histogram, rate-limit
 * refusals, idempotent replays, the views' lag per topic, the JVM — and never an account.
 */
class MetricsITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static RunningBridge bridge;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    bridge = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
    api = bridge.api();
  }

  @AfterAll
  static void stop() throws Exception {
    bridge.close();
  }

  @Test
  void aScrapeCountsEveryAnswerByRouteAndStatusAndNamesNoAccount() {
    Api.Response signup = api.signup("metrics-bot", null);
    String key = signup.json().path("api_key").asText();
    String account = signup.json().path("account_id").asText();
    api.credit(account, "5");
    String body = "{\"start_lat\": 43.73, \"start_lng\": 7.42}";
    for (int i = 0; i < 2; i++) {
      assertThat(
              api.post("/api/v1/drivers").key(key).idempotencyKey("k-1").json(body).send().status())
          .isEqualTo(201);
    }
    assertThat(api.post("/api/v1/drivers").key(key).json("{\"start_lat\": 99}").send().status())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/nowhere/" + account).key(key).send().status()).isEqualTo(404);
    String tight =
        api.post("/api/v1/api_keys")
            .key(key)
            .json("{\"name\": \"tight\", \"rpm\": 1, \"burst\": 1}")
            .send()
            .json()
            .path("key")
            .asText();
    api.get("/api/v1/drivers").key(tight).send();
    assertThat(api.get("/api/v1/drivers").key(tight).send().status()).isEqualTo(429);

    // Every answer names the request as the logs know it: the caller's id when it sent one.
    assertThat(
            api.get("/api/v1/drivers")
                .key(key)
                .header("X-Request-Id", "trace-42")
                .send()
                .header("X-Request-Id"))
        .isEqualTo("trace-42");
    assertThat(
            api.get("/api/v1/drivers")
                .key(key)
                .header("X-Request-Id", "no spaces please")
                .send()
                .header("X-Request-Id"))
        .startsWith("req_");

    Api.Response scraped = api.get("/metrics").send();

    assertThat(scraped.status()).isEqualTo(200);
    assertThat(scraped.header("Content-Type")).startsWith("text/plain");
    String text = scraped.raw().body();
    String created = "method=\"POST\",route=\"/api/v1/drivers\",status=\"201\"";
    assertThat(value(text, "fleetstream_http_requests_seconds_count", created))
        .as("two answers, one of them a replay")
        .isEqualTo(2);
    assertThat(text)
        .containsPattern(
            "fleetstream_http_requests_seconds_bucket\\{[^}]*route=\"/api/v1/drivers\",status=\"201\",le=\"\\+Inf\"} 2");
    assertThat(
            value(
                text,
                "fleetstream_http_requests_seconds_count",
                "method=\"POST\",route=\"/api/v1/drivers\",status=\"400\""))
        .isEqualTo(1);
    assertThat(
            value(
                text,
                "fleetstream_http_requests_seconds_count",
                "method=\"GET\",route=\"unmatched\",status=\"404\""))
        .isEqualTo(1);
    assertThat(value(text, "fleetstream_rate_limit_refusals_total", "route=\"/api/v1/drivers\""))
        .isEqualTo(1);
    assertThat(value(text, "fleetstream_idempotency_replays_total", null)).isEqualTo(1);
    assertThat(value(text, "fleetstream_bridge_state_age_seconds", null))
        .as("the copy of the shared state is current while Kafka answers (checked every 0.5 s)")
        .isBetween(0.0, 5.0);
    assertThat(text)
        .contains("fleetstream_views_lag_records{topic=\"fleetstream.jobs.v1\"}")
        .contains("jvm_memory_used_bytes")
        .doesNotContain(account)
        .doesNotContain(key);
  }

  /** The value of a sample; the labels given must appear in it (with {@code le} omitted). */
  private static double value(String text, String name, String labels) {
    Pattern p =
        Pattern.compile(
            "^"
                + Pattern.quote(name)
                + (labels == null
                    ? "(\\{[^}]*\\})?"
                    : "\\{[^}]*" + Pattern.quote(labels) + "[^}]*\\}")
                + " ([0-9.eE+-]+)$",
            Pattern.MULTILINE);
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s{%s} in%n%s", name, labels, text).isTrue();
    return Double.parseDouble(m.group(m.groupCount()));
  }
}
