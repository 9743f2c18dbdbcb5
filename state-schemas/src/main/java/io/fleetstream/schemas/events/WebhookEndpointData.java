package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * An endpoint's configuration as of {@code updatedAt}; the latest per key on the compacted topic is
 * current.
 *
 * @param endpointId the endpoint's id, e.g. {@code whe_...}; also the event's {@code partitionkey}
 * @param url where deliveries go; required when upserted, absent when deleted
 * @param events the subscribed event names, e.g. {@code ["job.assigned", "sla.at_risk"]}, or {@code
 *     ["*"]} for all; required when upserted, absent when deleted
 * @param enabled whether deliveries are sent; required when upserted, absent when deleted
 * @param description the subscriber's own note, optional
 * @param secretSealed the signing secret sealed with AES-256-GCM: base64url of the 12-byte nonce
 *     followed by ciphertext and tag, with the tenant id as associated data; required when
 *     upserted. Never printed by {@link #toString()}
 * @param previousSecretSealed the secret before a rotation, sealed the same way, still valid until
 *     {@code previousSecretExpiresAt}; optional. Never printed by {@link #toString()}
 * @param previousSecretExpiresAt when {@code previousSecretSealed} stops being valid; required when
 *     it is present
 * @param disabledReason why the endpoint was disabled, e.g. {@code gone} (the receiver answered
 *     410), {@code sustained_failure}, {@code api}; optional
 * @param updatedAt when this configuration took effect
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookEndpointData(
    String endpointId,
    String url,
    List<String> events,
    Boolean enabled,
    String description,
    String secretSealed,
    String previousSecretSealed,
    Instant previousSecretExpiresAt,
    String disabledReason,
    Instant updatedAt)
    implements EventData {

  public WebhookEndpointData {
    events = events == null ? null : List.copyOf(events);
  }

  /** Everything but the sealed secrets: a record would print them into any log line. */
  @Override
  public String toString() {
    return "WebhookEndpointData[endpointId="
        + endpointId
        + ", url="
        + url
        + ", events="
        + events
        + ", enabled="
        + enabled
        + ", description="
        + description
        + ", secretSealed="
        + (secretSealed == null ? "none" : "(sealed)")
        + ", previousSecretSealed="
        + (previousSecretSealed == null ? "none" : "(sealed)")
        + ", previousSecretExpiresAt="
        + previousSecretExpiresAt
        + ", disabledReason="
        + disabledReason
        + ", updatedAt="
        + updatedAt
        + "]";
  }
}
