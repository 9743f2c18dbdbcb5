package io.fleetstream.bridge.internal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.bridge.internal.kafka.EventWriter;
import io.fleetstream.bridge.internal.store.KeyValueStore;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.connectors.outbound.OutboundHttp;
import io.fleetstream.connectors.outbound.OutboundPolicy;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.WebhookEndpointData;
import io.fleetstream.schemas.json.EventValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint stored by a bridge from before secrets were sealed (its secret in plain text under
 * {@code secret}) is sealed at the next start and published, so the delivery functions learn it and
 * its subscriber keeps the secret it was given.
 */
class LegacySecretsITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @TempDir Path dir;

  @Test
  void aPlainSecretFromAnOlderBridgeIsSealedAndPublishedOnce() throws Exception {
    TopicAdmin.builder().bootstrapServers(KAFKA.bootstrapServers()).build().ensureTopics();
    SecretSeal seal = SecretSeal.fromBase64Key(SecretSeal.newBase64Key());
    try (KeyValueStore store = KeyValueStore.open(dir, List.of("webhook_endpoints"));
        EventWriter writer =
            new EventWriter(
                KAFKA.bootstrapServers(), EventValidator.create(), Duration.ofSeconds(10), "test");
        EventConsumer topic =
            new EventConsumer(KAFKA.bootstrapServers(), Topic.WEBHOOK_ENDPOINTS)) {
      Table table = store.table("webhook_endpoints");
      Map<String, Object> old = new LinkedHashMap<>();
      old.put("id", "whe_old");
      old.put("account_id", "acct_old");
      old.put("url", "https://hooks.example.com/in");
      old.put("events", List.of("job.assigned"));
      old.put("enabled", true);
      old.put("secret", "whsec_plain0ld");
      old.put("created_at", "2026-11-01T10:00:00Z");
      old.put("updated_at", "2026-11-01T10:00:00Z");
      table.put("acct_old/whe_old", old);
      WebhookResource resource =
          new WebhookResource(
              table,
              new TargetGuard(OutboundPolicy.PUBLIC_ONLY),
              OutboundHttp.builder().build(),
              writer,
              seal);

      assertThat(resource.sealLegacySecrets()).isEqualTo(1);
      assertThat(resource.sealLegacySecrets()).as("once").isZero();

      WebhookEndpoint stored = table.get("acct_old/whe_old", WebhookEndpoint.class).orElseThrow();
      assertThat(stored.legacySecret()).isNull();
      assertThat(seal.open("acct_old", stored.secretSealed())).isEqualTo("whsec_plain0ld");
      List<WebhookEndpointData> published = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                topic.poll(Duration.ofMillis(200)).stream()
                    .filter(c -> c.event() != null)
                    .forEach(c -> published.add(c.event().data(WebhookEndpointData.class)));
                assertThat(published).hasSize(1);
              });
      assertThat(published.get(0).endpointId()).isEqualTo("whe_old");
      assertThat(seal.open("acct_old", published.get(0).secretSealed()))
          .isEqualTo("whsec_plain0ld");
    }
  }
}
