package io.fleetstream.bridge.internal.webhooks;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.kafka.EventWriter;
import io.fleetstream.bridge.internal.resources.Lists;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.DeliveryView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.bridge.internal.views.WebhookEventView;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DeliveryData;
import io.fleetstream.schemas.events.WebhookReplayData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/webhook_endpoints/{id}/deliveries}: every attempt the delivery functions made
 * for one endpoint, newest first, as they reported it on {@code fleetstream.deliveries.v1}; and
 * {@code POST …/deliveries/{delivery_id}/replay}, which asks them to deliver one of those events
 * again, to that endpoint only, with the same body and id.
 */
public final class DeliveryResource {

  static final Set<String> OUTCOMES =
      Set.of("delivered", "retrying", "dead_lettered", "endpoint_disabled");

  private static final String SOURCE = "/api/v1";

  private final Table endpoints;
  private final ViewStore views;
  private final EventWriter writer;

  public DeliveryResource(Table endpoints, ViewStore views, EventWriter writer) {
    this.endpoints = endpoints;
    this.views = views;
    this.writer = writer;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/webhook_endpoints/{id}/deliveries", Route.Access.KEY, this::list),
        Route.post(
            "/api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}/replay",
            Route.Access.KEY,
            this::replay));
  }

  ApiResponse list(ApiRequest request) {
    String id = endpoint(request);
    String outcome = request.query("outcome").orElse(null);
    if (outcome != null && !OUTCOMES.contains(outcome)) {
      throw ApiException.invalid(
          "outcome", "outcome must be one of " + OUTCOMES + ", not '" + outcome + "'");
    }
    String delivery = request.query("delivery_id").orElse(null);
    var page =
        views.deliveries(
            request.tenant(),
            id,
            Lists.cursor(request),
            Lists.limit(request),
            d ->
                (outcome == null || outcome.equals(d.attempt().outcome()))
                    && (delivery == null || delivery.equals(d.attempt().deliveryId())));
    return ApiResponse.ok(
        Lists.page(request, page, DeliveryView::cursor, DeliveryResource::render));
  }

  ApiResponse replay(ApiRequest request) {
    String id = endpoint(request);
    String deliveryId = request.pathParam("delivery_id");
    WebhookEndpoint endpoint =
        endpoints.get(request.tenant() + "/" + id, WebhookEndpoint.class).orElseThrow();
    if (!endpoint.enabled()) {
      throw ApiException.of(
          ApiErrorCode.CONFLICT,
          "webhook endpoint " + id + " is disabled; enable it (PATCH enabled=true) to replay");
    }
    if (views
        .deliveries(request.tenant(), id, null, 1, d -> d.attempt().deliveryId().equals(deliveryId))
        .items()
        .isEmpty()) {
      throw ApiException.notFound("webhook_delivery", deliveryId);
    }
    WebhookEventView original =
        views
            .webhookEvent(request.tenant(), deliveryId)
            .orElseThrow(
                () ->
                    ApiException.of(
                        ApiErrorCode.NOT_FOUND,
                        "webhook event "
                            + deliveryId
                            + " is no longer kept (events are kept for 7 days)"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    writer.write(
        CloudEvent.create(
            EventType.WEBHOOK_REPLAY_REQUESTED,
            SOURCE,
            request.tenant(),
            id,
            new WebhookReplayData(
                id,
                original.eventId(),
                original.event(),
                original.data(),
                original.sourceEventId(),
                original.occurredAt(),
                now)),
        pointer -> null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", "webhook_replay");
    m.put("endpoint_id", id);
    m.put("delivery_id", deliveryId);
    m.put("event", original.event());
    m.put("requested_at", now);
    return ApiResponse.accepted(
        m, "/api/v1/webhook_endpoints/" + id + "/deliveries?delivery_id=" + deliveryId);
  }

  /** The endpoint's id, once it is known to belong to the caller (404 otherwise). */
  private String endpoint(ApiRequest request) {
    String id = request.pathParam("id");
    if (endpoints.get(request.tenant() + "/" + id, WebhookEndpoint.class).isEmpty()) {
      throw ApiException.notFound("webhook_endpoint", id);
    }
    return id;
  }

  static Map<String, Object> render(DeliveryView view) {
    DeliveryData d = view.attempt();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", "webhook_delivery_attempt");
    m.put("delivery_id", d.deliveryId());
    m.put("endpoint_id", d.endpointId());
    m.put("event", d.event());
    m.put("attempt", d.attempt());
    m.put("outcome", d.outcome());
    m.put("http_status", d.httpStatus());
    m.put("error_class", d.errorClass());
    m.put("latency_ms", d.latencyMs());
    m.put("next_attempt_at", d.nextAttemptAt());
    m.put("attempted_at", d.attemptedAt());
    m.put("source_event_id", d.sourceEventId());
    return m;
  }
}
