package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One delivery attempt of one webhook event to one endpoint.
 *
 * @param deliveryId the stable id of this event for this endpoint, the same on every retry: the
 *     receiver's de-duplication key, sent as {@code webhook-id}
 * @param endpointId the endpoint delivered to; also the event's {@code partitionkey}
 * @param event the subscriber-facing event name, e.g. {@code job.assigned}
 * @param sourceEventId the id (CloudEvent {@code id}) of the webhook event this delivers
 * @param attempt which attempt this was, 1-based; 0 when the event was never attempted because its
 *     endpoint was disabled or deleted (outcome {@code endpoint_disabled})
 * @param outcome one of {@code delivered}, {@code retrying}, {@code dead_lettered}, {@code
 *     endpoint_disabled}
 * @param httpStatus the receiver's HTTP status; absent when there was no response (timeout,
 *     connection refused)
 * @param errorClass why the attempt failed, one of {@code timeout}, {@code connect}, {@code
 *     http_4xx}, {@code http_5xx}, {@code gone}, {@code invalid_url}, {@code refused_address} (the
 *     host resolved to a non-public address), {@code secret_unreadable} (the endpoint's secret was
 *     sealed by another installation: nothing was sent); absent when delivered
 * @param latencyMs how long the attempt took, in milliseconds
 * @param nextAttemptAt when the next attempt is due; present when the outcome is {@code retrying}
 * @param attemptedAt when the attempt started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryData(
    String deliveryId,
    String endpointId,
    String event,
    String sourceEventId,
    int attempt,
    String outcome,
    Integer httpStatus,
    String errorClass,
    long latencyMs,
    Instant nextAttemptAt,
    Instant attemptedAt)
    implements EventData {}
