package io.fleetstream.bridge.internal.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DeliveryData;
import io.fleetstream.schemas.events.WebhookEventData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery attempts and kept webhook events leave the views once older than the cut-off. */
class WebhookHistoryTest {

  @TempDir Path dir;

  @Test
  void purgeDropsWhatIsOlderThanTheCutOffAndKeepsTheRest() {
    Instant old = Instant.parse("2026-11-01T10:00:00Z");
    Instant recent = Instant.parse("2026-12-03T10:00:00Z");
    try (ViewStore views = new ViewStore(dir)) {
      CloudEvent oldEvent = webhook(old);
      CloudEvent newEvent = webhook(recent);
      views.apply(Topic.WEBHOOKS, oldEvent, 0);
      views.apply(Topic.WEBHOOKS, newEvent, 1);
      views.apply(Topic.DELIVERIES, attempt(oldEvent.id(), old), 0);
      views.apply(Topic.DELIVERIES, attempt(newEvent.id(), recent), 1);
      assertThat(views.deliveries("acct_h", "whe_h", null, 10, d -> true).items()).hasSize(2);

      int purged = views.purgeBefore(Instant.parse("2026-11-26T10:00:00Z"));

      assertThat(purged).isEqualTo(2);
      assertThat(views.webhookEvent("acct_h", oldEvent.id())).isEmpty();
      assertThat(views.webhookEvent("acct_h", newEvent.id())).isPresent();
      assertThat(views.deliveries("acct_h", "whe_h", null, 10, d -> true).items())
          .extracting(d -> d.attempt().deliveryId())
          .containsExactly(newEvent.id());
      assertThat(views.purgeBefore(Instant.parse("2026-11-26T10:00:00Z"))).as("again").isZero();
    }
  }

  private static CloudEvent webhook(Instant at) {
    return CloudEvent.create(
        EventType.WEBHOOK_EVENT,
        "/test",
        "acct_h",
        "job_h",
        new WebhookEventData("job.completed", Map.of("job_id", "job_h"), "evt_src", at));
  }

  private static CloudEvent attempt(String deliveryId, Instant at) {
    return CloudEvent.create(
        EventType.DELIVERY_ATTEMPTED,
        "/test",
        "acct_h",
        "whe_h",
        new DeliveryData(
            deliveryId,
            "whe_h",
            "job.completed",
            deliveryId,
            1,
            "delivered",
            200,
            null,
            12,
            null,
            at));
  }
}
