package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With Kafka gone, writes answer 503 (and are not charged), readiness says why, reads keep working. */
class KafkaOutageITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void writesGet503WhileKafkaIsDownAndNothingIsCharged() {
    try (RunningBridge bridge = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(),
        c -> c.withKafkaTimeout(Duration.ofSeconds(3)))) {
      Api api = bridge.api();
      String key = api.newKey("outage-bot", 1);
      String job = api.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send().json().path("id").asText();

      KAFKA.broker().close();

      long start = System.nanoTime();
      Api.Response refused = api.post("/api/v1/jobs").key(key).json(ApiContractITCase.SEED_JOB).send();
      assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
      assertThat(refused.error().path("code").asText()).isEqualTo("service_unavailable");
      assertThat(refused.header("Retry-After")).isNotBlank();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

      Api.Response ready = api.get("/readyz").send();
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.error().path("kafka").asBoolean()).isFalse();

      assertThat(api.get("/api/v1/jobs/" + job).key(key).send().status()).as("reads come from the views").isEqualTo(200);
      var account = api.get("/api/v1/account").key(key).send().json();
      assertThat(account.path("usage").path("writes").asInt()).as("the refused write was refunded").isEqualTo(1);
      assertThat(account.path("balance_usd").decimalValue()).isEqualByComparingTo("0.9999");
    }
  }
}
