package io.fleetstream.bridge.internal.webhooks;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiJson;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.resources.Lists;
import io.fleetstream.bridge.internal.store.Table;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code /api/v1/webhook_endpoints}: CRUD of subscribers in the bridge's own store, and a signed
 * test delivery sent at once. Deliveries of real events (with retries) belong to the webhook
 * function reading {@code fleetstream.webhooks.v1}.
 */
public final class WebhookResource {

  /** The body of {@code POST} and {@code PATCH /webhook_endpoints}. */
  public record EndpointRequest(
      String url, List<String> events, String description, Boolean enabled) {}

  public static final Set<String> EVENTS =
      Set.of(
          "*",
          "job.assigned",
          "job.unassigned",
          "job.started",
          "job.completed",
          "job.failed",
          "job.cancelled",
          "optimization.completed",
          "sla.at_risk",
          "sla.breached");

  private final Table table;
  private final TargetGuard guard;
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public WebhookResource(Table table, TargetGuard guard) {
    this.table = table;
    this.guard = guard;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/webhook_endpoints", Route.Access.KEY, this::create),
        Route.get("/api/v1/webhook_endpoints", Route.Access.KEY, this::list),
        Route.get("/api/v1/webhook_endpoints/{id}", Route.Access.KEY, this::get),
        Route.patch("/api/v1/webhook_endpoints/{id}", Route.Access.KEY, this::update),
        Route.delete("/api/v1/webhook_endpoints/{id}", Route.Access.KEY, this::delete),
        Route.post("/api/v1/webhook_endpoints/{id}/test", Route.Access.KEY, this::test));
  }

  ApiResponse create(ApiRequest request) {
    EndpointRequest body = request.body(EndpointRequest.class);
    if (body.url() == null) {
      throw ApiException.invalid("url", "'url' is required");
    }
    guard.check(body.url(), "url");
    List<String> events = checkEvents(body.events() == null ? List.of("*") : body.events());
    checkDescription(body.description());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String id =
        request.idempotencyKey() == null
            ? Ids.random(Ids.WEBHOOK_ENDPOINT)
            : Ids.derived(Ids.WEBHOOK_ENDPOINT, request.tenant(), request.idempotencyKey());
    WebhookEndpoint e =
        new WebhookEndpoint(
            id,
            request.tenant(),
            body.url(),
            events,
            body.description(),
            body.enabled() == null || body.enabled(),
            "whsec_" + Ids.secret(32),
            now,
            now);
    table.put(key(request.tenant(), id), e);
    Map<String, Object> m = render(e);
    m.put("secret", e.secret());
    return ApiResponse.created(m);
  }

  ApiResponse list(ApiRequest request) {
    var page =
        table.scan(
            request.tenant() + "/",
            Lists.cursor(request),
            Lists.limit(request),
            WebhookEndpoint.class,
            e -> true);
    return ApiResponse.ok(Lists.page(request, page, WebhookEndpoint::id, WebhookResource::render));
  }

  ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(render(find(request)));
  }

  ApiResponse update(ApiRequest request) {
    EndpointRequest body = request.body(EndpointRequest.class);
    WebhookEndpoint e = find(request);
    if (body.url() != null) {
      guard.check(body.url(), "url");
    }
    List<String> events = body.events() == null ? e.events() : checkEvents(body.events());
    checkDescription(body.description());
    WebhookEndpoint next =
        new WebhookEndpoint(
            e.id(),
            e.accountId(),
            body.url() != null ? body.url() : e.url(),
            events,
            body.description() != null ? body.description() : e.description(),
            body.enabled() != null ? body.enabled() : e.enabled(),
            e.secret(),
            e.createdAt(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    table.put(key(request.tenant(), e.id()), next);
    return ApiResponse.ok(render(next));
  }

  ApiResponse delete(ApiRequest request) {
    WebhookEndpoint e = find(request);
    table.delete(key(request.tenant(), e.id()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("object", "webhook_endpoint");
    m.put("deleted", true);
    return ApiResponse.ok(m);
  }

  /** Sends one signed {@code webhook.test} event now and reports what the endpoint answered. */
  ApiResponse test(ApiRequest request) {
    WebhookEndpoint e = find(request);
    URI uri = guard.check(e.url(), "url");
    guard.checkAddress(uri, "url");
    String deliveryId = Ids.random("dlv_");
    Instant now = Instant.now();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("event", "webhook.test");
    payload.put(
        "data",
        Map.of("endpoint_id", e.id(), "sent_at", now.truncatedTo(ChronoUnit.MILLIS).toString()));
    byte[] body = ApiJson.write(payload);
    HttpRequest post =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("X-OwnRoute-Event", "webhook.test")
            .header("X-OwnRoute-Delivery", deliveryId)
            .header(
                "X-OwnRoute-Signature",
                WebhookSigner.signature(e.secret(), now.getEpochSecond(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("delivery_id", deliveryId);
    result.put("object", "webhook_delivery");
    result.put("endpoint_id", e.id());
    result.put("event", "webhook.test");
    long start = System.nanoTime();
    // Sent without holding an HTTP thread: a slow endpoint (up to the 10 s timeout) costs nobody
    // else a thread.
    CompletableFuture<Void> sent =
        client
            .sendAsync(post, HttpResponse.BodyHandlers.discarding())
            .handle(
                (response, failure) -> {
                  if (failure == null) {
                    result.put(
                        "delivered", response.statusCode() >= 200 && response.statusCode() < 300);
                    result.put("status_code", response.statusCode());
                    result.put("error", null);
                  } else {
                    Throwable cause =
                        failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    result.put("delivered", false);
                    result.put("status_code", null);
                    result.put("error", cause.toString());
                  }
                  result.put("duration_ms", (System.nanoTime() - start) / 1_000_000);
                  return null;
                });
    return ApiResponse.later(sent, () -> ApiResponse.ok(result));
  }

  private WebhookEndpoint find(ApiRequest request) {
    String id = request.pathParam("id");
    return table
        .get(key(request.tenant(), id), WebhookEndpoint.class)
        .orElseThrow(() -> ApiException.notFound("webhook_endpoint", id));
  }

  private static List<String> checkEvents(List<String> events) {
    if (events.isEmpty()) {
      throw ApiException.invalid("events", "'events' needs at least one event type (or \"*\")");
    }
    for (int i = 0; i < events.size(); i++) {
      if (!EVENTS.contains(events.get(i))) {
        throw ApiException.invalid(
            "events[" + i + "]", "unknown event type '" + events.get(i) + "'; known: " + EVENTS);
      }
    }
    return List.copyOf(events);
  }

  private static void checkDescription(String d) {
    if (d != null && d.length() > 512) {
      throw ApiException.invalid("description", "'description' is at most 512 characters");
    }
  }

  private static String key(String tenant, String id) {
    return tenant + "/" + id;
  }

  static Map<String, Object> render(WebhookEndpoint e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("object", "webhook_endpoint");
    m.put("url", e.url());
    m.put("events", e.events());
    m.put("description", e.description());
    m.put("enabled", e.enabled());
    m.put("created_at", e.createdAt());
    m.put("updated_at", e.updatedAt());
    return m;
  }
}
