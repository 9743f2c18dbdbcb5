package io.fleetstream.bridge.internal.views;

import java.time.Instant;
import java.util.Map;

/**
 * A webhook event as the delivery functions first sent it (its body's {@code id}, {@code event},
 * {@code created_at} and {@code data}), kept so a subscriber can ask for it again.
 */
public record WebhookEventView(
    String eventId,
    String event,
    Map<String, Object> data,
    String sourceEventId,
    Instant occurredAt) {}
