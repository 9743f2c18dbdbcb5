package io.fleetstream.bridge.internal.webhooks;

import java.time.Instant;
import java.util.List;

/** A subscriber: where to deliver, which events, and the secret that signs each delivery. */
public record WebhookEndpoint(
    String id,
    String accountId,
    String url,
    List<String> events,
    String description,
    boolean enabled,
    String secret,
    Instant createdAt,
    Instant updatedAt) {

  /** Everything but the secret: a record would print it into any log line or exception message. */
  @Override
  public String toString() {
    return "WebhookEndpoint[id="
        + id
        + ", accountId="
        + accountId
        + ", url="
        + url
        + ", events="
        + events
        + ", description="
        + description
        + ", enabled="
        + enabled
        + ", secret="
        + (secret == null ? "none" : "(hidden)")
        + ", createdAt="
        + createdAt
        + ", updatedAt="
        + updatedAt
        + "]";
  }
}
