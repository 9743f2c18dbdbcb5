package io.fleetstream.bridge.internal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookEndpointTest {

  @Test
  void toStringNeverShowsTheSecret() {
    WebhookEndpoint endpoint =
        new WebhookEndpoint(
            "whe_1",
            "acc_1",
            "https://example.com/hooks",
            List.of("job.assigned"),
            "ops",
            true,
            "c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhaw",
            "b2xkLXNlY3JldC10aGF0LW11c3Qtbm90LWxlYWs",
            Instant.EPOCH,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            "whsec_bGVnYWN5LXNlY3JldC10aGF0LW11c3Qtbm90LWxlYWs");

    assertThat(endpoint.toString())
        .doesNotContain("c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhaw")
        .doesNotContain("b2xkLXNlY3JldC10aGF0LW11c3Qtbm90LWxlYWs")
        .doesNotContain("bGVnYWN5LXNlY3JldC10aGF0LW11c3Qtbm90LWxlYWs")
        .contains("whe_1", "(hidden)");
  }
}
