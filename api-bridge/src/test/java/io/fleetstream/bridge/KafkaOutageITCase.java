package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.RawHttp;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With Kafka gone, writes answer 503 (and are not charged) — also to a client that writes a 2 or 20
 * MiB body before it reads — readiness says why, reads keep working.
 */
class KafkaOutageITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void writesGet503WhileKafkaIsDownAndNothingIsCharged() throws Exception {
    // Bodies up to 24 MiB are accepted here, so the 2 and 20 MiB jobs below reach Kafka's 503
    // rather than a 413.
    try (RunningBridge bridge =
        RunningBridge.start(
            KAFKA.bootstrapServers(),
            RunningBridge.tempDir(),
            c ->
                BridgeConfig.load(
                    null,
                    Map.of(),
                    Map.of(
                        "kafka.bootstrap",
                        c.kafkaBootstrap(),
                        "data.dir",
                        c.dataDir().toString(),
                        "kafka.timeout",
                        "3s",
                        "body.max_bytes",
                        Long.toString(24L << 20))))) {
      Api api = bridge.api();
      String key = api.newKey("outage-bot", 1);
      String job =
          api.post("/api/v1/jobs")
              .key(key)
              .json(ApiContractITCase.SEED_JOB)
              .send()
              .json()
              .path("id")
              .asText();

      KAFKA.broker().close();

      long start = System.nanoTime();
      Api.Response refused =
          api.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send();
      assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
      assertThat(refused.error().path("code").asText()).isEqualTo("service_unavailable");
      assertThat(refused.header("Retry-After")).isNotBlank();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

      for (int mib : new int[] {2, 20}) {
        RawHttp.Answer big =
            RawHttp.send(
                bridge.bridge().url(),
                "POST",
                "/api/v1/jobs",
                Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                (long) mib << 20,
                "{\"dropoff_lat\": 43.7384, \"dropoff_lng\": 7.4246"
                    .getBytes(StandardCharsets.UTF_8),
                (byte) ' ',
                "}".getBytes(StandardCharsets.UTF_8));
        assertThat(big.status()).as(mib + " MiB: " + big.body()).isEqualTo(503);
        assertThat(big.body()).contains("service_unavailable");
        assertThat(big.header("Retry-After")).isNotBlank();
      }

      Api.Response ready = api.get("/readyz").send();
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.error().path("kafka").asBoolean()).isFalse();

      assertThat(api.get("/api/v1/jobs/" + job).key(key).send().status())
          .as("reads come from the views")
          .isEqualTo(200);
      var account = api.get("/api/v1/account").key(key).send().json();
      assertThat(account.path("usage").path("writes").asInt())
          .as("the refused write was refunded")
          .isEqualTo(1);
      assertThat(account.path("balance_usd").decimalValue()).isEqualByComparingTo("0.9999");
      Api.Response credit =
          api.post("/api/v1/admin/accounts/" + account.path("id").asText() + "/credit")
              .key(api.operatorKey())
              .json("{\"usd\": 5, \"note\": \"during the outage\"}")
              .send();
      assertThat(credit.status())
          .as("a top-up must reach every bridge before it is confirmed")
          .isEqualTo(503);
      assertThat(
              api.get("/api/v1/account").key(key).send().json().path("balance_usd").decimalValue())
          .as("a top-up answered 503 is not counted, so its retry does not count twice")
          .isEqualByComparingTo("0.9999");
      // Keys keep working from this bridge's copy of the shared state, but not for ever: past
      // MAX_STATE_AGE (60 s, not waited for here) a key revoked on another bridge could still
      // work here, so every key is refused. What is checked: the bridge knows its copy is aging.
      org.awaitility.Awaitility.await("the bridge knows it cannot read the shared state")
          .atMost(Duration.ofSeconds(10))
          .until(() -> bridge.bridge().sharedStateAgeMillis() > 3_000);
    }
  }
}
