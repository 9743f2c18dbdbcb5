package io.fleetstream.bridge.internal.webhooks;

import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.ViewConsumer;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.WebhookEndpointData;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds endpoint changes written by others into this bridge's endpoint table: the delivery
 * functions disable an endpoint that answered 410 or failed for days, and a second bridge may
 * change one. This bridge's own writes never come back here (the view consumer skips them). A
 * change older than what the table holds is ignored, so re-reading the topic from its start (a
 * rebuilt view) never undoes a newer change.
 */
public final class EndpointFold implements ViewConsumer.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(EndpointFold.class);

  private final Table table;

  public EndpointFold(Table table) {
    this.table = table;
  }

  @Override
  public void applied(Topic topic, CloudEvent event) {
    if (topic != Topic.WEBHOOK_ENDPOINTS) {
      return;
    }
    WebhookEndpointData d = event.data(WebhookEndpointData.class);
    String key = event.tenant() + "/" + d.endpointId();
    Optional<WebhookEndpoint> stored = table.get(key, WebhookEndpoint.class);
    if (event.eventType() == EventType.WEBHOOK_ENDPOINT_DELETED) {
      if (stored.isPresent() && !stored.get().updatedAt().isAfter(d.updatedAt())) {
        table.delete(key);
        LOG.info("webhook endpoint {} of {} deleted elsewhere", d.endpointId(), event.tenant());
      }
      return;
    }
    if (stored.isPresent() && !d.updatedAt().isAfter(stored.get().updatedAt())) {
      return;
    }
    table.put(
        key,
        new WebhookEndpoint(
            d.endpointId(),
            event.tenant(),
            d.url(),
            d.events(),
            d.description(),
            d.enabled(),
            d.secretSealed(),
            d.previousSecretSealed(),
            d.previousSecretExpiresAt(),
            d.disabledReason(),
            stored.map(WebhookEndpoint::createdAt).orElse(d.updatedAt()),
            d.updatedAt(),
            null));
    if (!d.enabled()) {
      LOG.info(
          "webhook endpoint {} of {} disabled: {}",
          d.endpointId(),
          event.tenant(),
          d.disabledReason());
    }
  }
}
