package io.fleetstream.functions.webhooks;

import io.fleetstream.connectors.outbound.OutboundPolicy;
import io.fleetstream.connectors.secrets.SecretSeal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How webhooks are delivered.
 *
 * @param seal opens the endpoints' sealed signing secrets (the key the bridge seals them with)
 * @param retrySchedule the wait before each attempt: the first entry before the first attempt
 *     (normally zero), one entry per attempt; after the last, the event is dead-lettered
 * @param jitter each wait is spread by up to this fraction either way, so endpoints that failed
 *     together are not retried together
 * @param requestTimeout how long one attempt may take
 * @param disableAfter an endpoint that has failed every attempt for this long is disabled when its
 *     next event is dead-lettered (Standard Webhooks' providers use days)
 * @param targets which addresses may be called: global unicast only, plus networks an operator
 *     opened, or everything (a single-machine stack); checked on the lookup every attempt connects
 *     with
 */
public record WebhookDeliveryConfig(
    SecretSeal seal,
    List<Duration> retrySchedule,
    double jitter,
    Duration requestTimeout,
    Duration disableAfter,
    OutboundPolicy targets) {

  /** Standard Webhooks' schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
  public static final List<Duration> STANDARD_SCHEDULE =
      List.of(
          Duration.ZERO,
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(5),
          Duration.ofHours(10),
          Duration.ofHours(10));

  public WebhookDeliveryConfig {
    Objects.requireNonNull(seal, "seal");
    retrySchedule = List.copyOf(retrySchedule);
    if (retrySchedule.isEmpty()) {
      throw new IllegalArgumentException("retrySchedule needs at least one attempt");
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(disableAfter, "disableAfter");
    Objects.requireNonNull(targets, "targets");
  }

  public static WebhookDeliveryConfig standard(SecretSeal seal) {
    return new WebhookDeliveryConfig(
        seal,
        STANDARD_SCHEDULE,
        0.2,
        Duration.ofSeconds(15),
        Duration.ofDays(5),
        OutboundPolicy.PUBLIC_ONLY);
  }

  public WebhookDeliveryConfig withTargets(OutboundPolicy policy) {
    return new WebhookDeliveryConfig(
        seal, retrySchedule, jitter, requestTimeout, disableAfter, policy);
  }

  public int maxAttempts() {
    return retrySchedule.size();
  }
}
