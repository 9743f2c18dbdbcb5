package io.fleetstream.bridge.internal.webhooks;

import java.time.Instant;
import java.util.List;

/** A subscriber: where to deliver, which events, and the secret that signs each delivery. */
public record WebhookEndpoint(String id, String accountId, String url, List<String> events, String description,
    boolean enabled, String secret, Instant createdAt, Instant updatedAt) {}
