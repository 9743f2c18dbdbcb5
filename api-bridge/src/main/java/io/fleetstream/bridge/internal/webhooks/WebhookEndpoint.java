package io.fleetstream.bridge.internal.webhooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fleetstream.schemas.events.WebhookEndpointData;
import java.time.Instant;
import java.util.List;

/**
 * A subscriber: where to deliver, which events, and the secret that signs each delivery, sealed
 * (AES-256-GCM, tenant as associated data) here as on the endpoints topic. During a rotation's
 * overlap the previous secret still signs too.
 *
 * @param legacySecret the plain secret of an endpoint stored before secrets were sealed (stored as
 *     {@code secret}); sealed and cleared at the bridge's next start
 */
public record WebhookEndpoint(
    String id,
    String accountId,
    String url,
    List<String> events,
    String description,
    boolean enabled,
    String secretSealed,
    String previousSecretSealed,
    Instant previousSecretExpiresAt,
    String disabledReason,
    Instant createdAt,
    Instant updatedAt,
    @JsonProperty("secret") String legacySecret) {

  /** The event the endpoints topic carries for this configuration. */
  WebhookEndpointData data() {
    return new WebhookEndpointData(
        id,
        url,
        events,
        enabled,
        description,
        secretSealed,
        previousSecretSealed,
        previousSecretExpiresAt,
        disabledReason,
        updatedAt);
  }

  /** Everything but the secrets: a record would print them into any log line or exception. */
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
        + (secretSealed == null && legacySecret == null ? "none" : "(hidden)")
        + ", previousSecret="
        + (previousSecretSealed == null ? "none" : "(hidden) until " + previousSecretExpiresAt)
        + ", createdAt="
        + createdAt
        + ", updatedAt="
        + updatedAt
        + "]";
  }
}
