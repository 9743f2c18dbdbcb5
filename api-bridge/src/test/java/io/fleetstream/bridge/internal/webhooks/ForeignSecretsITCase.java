package io.fleetstream.bridge.internal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.auth.AccountStore;
import io.fleetstream.bridge.internal.auth.Caller;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.kafka.EventWriter;
import io.fleetstream.bridge.internal.store.KeyValueStore;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.connectors.outbound.OutboundHttp;
import io.fleetstream.connectors.outbound.OutboundPolicy;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.schemas.json.EventValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint whose secret was sealed by another installation (a tenant restored without its
 * source's sealing key): a test delivery is refused with a 409 saying to rotate, not a 500; and a
 * rotation does not keep the unopenable secret for an overlap, so the next delivery signs.
 */
class ForeignSecretsITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @TempDir Path dir;

  @Test
  void aSecretSealedElsewhereIsAConflictUntilRotatedAndTheRotationDropsIt() throws Exception {
    TopicAdmin.builder().bootstrapServers(KAFKA.bootstrapServers()).build().ensureTopics();
    SecretSeal here = SecretSeal.fromBase64Key(SecretSeal.newBase64Key());
    SecretSeal elsewhere = SecretSeal.fromBase64Key(SecretSeal.newBase64Key());
    try (KeyValueStore store =
            KeyValueStore.open(dir, List.of("webhook_endpoints", "a", "h", "i", "u"));
        EventWriter writer =
            new EventWriter(
                KAFKA.bootstrapServers(), EventValidator.create(), Duration.ofSeconds(10), "test");
        OutboundHttp http = OutboundHttp.builder().policy(OutboundPolicy.ALLOW_ALL).build()) {
      AccountStore accounts =
          new AccountStore(
              store.table("a"),
              store.table("h"),
              store.table("i"),
              store.table("u"),
              "br_000000000001");
      AccountStore.Signup s =
          accounts.create("bot", null, false, 0, 0, new BridgeConfig.Limits(60, 240, 1000));
      String tenant = s.account().id();
      Table table = store.table("webhook_endpoints");
      Instant now = Instant.now();
      table.put(
          tenant + "/whe_moved",
          new WebhookEndpoint(
              "whe_moved",
              tenant,
              "http://127.0.0.1:9/hooks",
              List.of("job.assigned"),
              null,
              true,
              elsewhere.seal(tenant, "whsec_c2VjcmV0"),
              null,
              null,
              null,
              now,
              now,
              null));
      WebhookResource resource =
          new WebhookResource(table, new TargetGuard(OutboundPolicy.ALLOW_ALL), http, writer, here);
      Caller caller = new Caller(s.key(), s.account());

      assertThatThrownBy(() -> resource.test(request(caller, "/test", "")))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ApiErrorCode.CONFLICT);
                assertThat(e.getMessage()).contains("rotate_secret");
              });

      resource.rotateSecret(request(caller, "/rotate_secret", "{\"overlap_s\": 3600}"));
      WebhookEndpoint rotated =
          table.get(tenant + "/whe_moved", WebhookEndpoint.class).orElseThrow();
      assertThat(rotated.previousSecretSealed())
          .as("a secret this installation cannot open is not kept for the overlap")
          .isNull();
      assertThat(here.open(tenant, rotated.secretSealed())).startsWith("whsec_");
    }
  }

  private static ApiRequest request(Caller caller, String action, String body) {
    return new ApiRequest(
        caller,
        "POST",
        "/api/v1/webhook_endpoints/whe_moved" + action,
        Map.of("id", "whe_moved"),
        Map.of(),
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        null,
        "127.0.0.1",
        Map.of());
  }
}
