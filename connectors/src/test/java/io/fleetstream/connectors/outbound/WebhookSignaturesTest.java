package io.fleetstream.connectors.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

  /** The example of the Standard Webhooks specification and its reference libraries. */
  @Test
  void standardWebhooksSignatureMatchesTheSpecificationsExample() {
    Map<String, String> headers =
        WebhookSignatures.headers(
            "job.assigned",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330L,
            "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8),
            List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

    assertThat(headers)
        .containsEntry("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
        .containsEntry("webhook-timestamp", "1614265330")
        .containsEntry("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void ownRouteSignatureIsHexHmacOfTimestampDotBodyWithTheSecretString() {
    Map<String, String> headers =
        WebhookSignatures.headers(
            "job.completed",
            "evt_1",
            1700000000L,
            "{\"event\":\"job.completed\"}".getBytes(StandardCharsets.UTF_8),
            List.of("whsec_abc"));

    // openssl: printf '1700000000.{"event":"job.completed"}' | openssl dgst -sha256 -hmac whsec_abc
    assertThat(headers.get("X-OwnRoute-Signature"))
        .isEqualTo(
            "t=1700000000,v1=f83b5d298933c5d684df8e5206f35ddd216a0b54cdd52e997cbd2da23a11954d");
    assertThat(headers)
        .containsEntry("X-OwnRoute-Event", "job.completed")
        .containsEntry("X-OwnRoute-Delivery", "evt_1");
  }

  @Test
  void duringARotationBothSecretsSignInBothSchemes() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> both =
        WebhookSignatures.headers(
            "job.assigned", "evt_2", 1700000000L, body, List.of("whsec_bmV3", "whsec_b2xk"));
    Map<String, String> oldOnly =
        WebhookSignatures.headers(
            "job.assigned", "evt_2", 1700000000L, body, List.of("whsec_b2xk"));
    Map<String, String> newOnly =
        WebhookSignatures.headers(
            "job.assigned", "evt_2", 1700000000L, body, List.of("whsec_bmV3"));

    assertThat(both.get("webhook-signature"))
        .isEqualTo(newOnly.get("webhook-signature") + " " + oldOnly.get("webhook-signature"));
    assertThat(both.get("X-OwnRoute-Signature"))
        .isEqualTo(
            newOnly.get("X-OwnRoute-Signature")
                + oldOnly.get("X-OwnRoute-Signature").substring("t=1700000000".length()));
  }
}
