package io.fleetstream.bridge.internal.webhooks;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiJson;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.kafka.EventWriter;
import io.fleetstream.bridge.internal.resources.Lists;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.connectors.outbound.OutboundHttp;
import io.fleetstream.connectors.outbound.WebhookSignatures;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.WebhookEventData;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** What an endpoint can subscribe to: every event the system produces, or {@code *}. */
  public static final Set<String> EVENTS = subscribable();

  /** How long the previous secret keeps signing after a rotation unless the request says. */
  static final Duration DEFAULT_ROTATION_OVERLAP = Duration.ofHours(24);

  static final Duration MAX_ROTATION_OVERLAP = Duration.ofDays(7);

  private static final String SOURCE = "/api/v1";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Table table;
  private final TargetGuard guard;
  private final EventWriter writer;
  private final SecretSeal seal;
  private final OutboundHttp http;

  /**
   * Endpoints live in {@code table} (this bridge's view) and, as events, on the compacted {@code
   * fleetstream.webhook_endpoints.v1} where the delivery functions learn them; {@code seal} seals
   * their secrets for both.
   */
  public WebhookResource(
      Table table, TargetGuard guard, OutboundHttp http, EventWriter writer, SecretSeal seal) {
    this.table = table;
    this.guard = guard;
    this.http = http;
    this.writer = writer;
    this.seal = seal;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/webhook_endpoints", Route.Access.KEY, this::create),
        Route.get("/api/v1/webhook_endpoints", Route.Access.KEY, this::list),
        Route.get("/api/v1/webhook_endpoints/{id}", Route.Access.KEY, this::get),
        Route.patch("/api/v1/webhook_endpoints/{id}", Route.Access.KEY, this::update),
        Route.delete("/api/v1/webhook_endpoints/{id}", Route.Access.KEY, this::delete),
        Route.post("/api/v1/webhook_endpoints/{id}/test", Route.Access.KEY, this::test),
        Route.post(
            "/api/v1/webhook_endpoints/{id}/rotate_secret", Route.Access.KEY, this::rotateSecret));
  }

  ApiResponse create(ApiRequest request) {
    EndpointRequest body = request.body(EndpointRequest.class);
    if (body.url() == null) {
      throw ApiException.invalid("url", "'url' is required");
    }
    guard.checkAddress(guard.check(body.url(), "url"), "url");
    List<String> events = checkEvents(body.events() == null ? List.of("*") : body.events());
    checkDescription(body.description());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String id =
        request.idempotencyKey() == null
            ? Ids.random(Ids.WEBHOOK_ENDPOINT)
            : Ids.derived(Ids.WEBHOOK_ENDPOINT, request.tenant(), request.idempotencyKey());
    String secret = newSecret();
    WebhookEndpoint e =
        new WebhookEndpoint(
            id,
            request.tenant(),
            body.url(),
            events,
            body.description(),
            body.enabled() == null || body.enabled(),
            seal.seal(request.tenant(), secret),
            null,
            null,
            null,
            now,
            now,
            null);
    publish(e, EventType.WEBHOOK_ENDPOINT_UPSERTED);
    table.put(key(request.tenant(), id), e);
    Map<String, Object> m = render(e);
    m.put("secret", secret);
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
      guard.checkAddress(guard.check(body.url(), "url"), "url");
    }
    List<String> events = body.events() == null ? e.events() : checkEvents(body.events());
    checkDescription(body.description());
    boolean enabled = body.enabled() != null ? body.enabled() : e.enabled();
    WebhookEndpoint next =
        new WebhookEndpoint(
            e.id(),
            e.accountId(),
            body.url() != null ? body.url() : e.url(),
            events,
            body.description() != null ? body.description() : e.description(),
            enabled,
            e.secretSealed(),
            e.previousSecretSealed(),
            e.previousSecretExpiresAt(),
            enabled ? null : (body.enabled() != null ? "api" : e.disabledReason()),
            e.createdAt(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            null);
    publish(next, EventType.WEBHOOK_ENDPOINT_UPSERTED);
    table.put(key(request.tenant(), e.id()), next);
    return ApiResponse.ok(render(next));
  }

  ApiResponse delete(ApiRequest request) {
    WebhookEndpoint e = find(request);
    publish(e, EventType.WEBHOOK_ENDPOINT_DELETED);
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
    // Signed like every delivery: both schemes, every valid secret.
    List<String> secrets;
    try {
      secrets = WebhookSignatures.signingSecrets(seal, request.tenant(), e.data(), now);
    } catch (IllegalArgumentException notOpened) {
      throw ApiException.of(
          ApiErrorCode.CONFLICT,
          "this endpoint's signing secret does not open with this installation's sealing key"
              + " (restored from another installation without --source-seal-key?): rotate it"
              + " with POST /api/v1/webhook_endpoints/"
              + e.id()
              + "/rotate_secret");
    }
    Map<String, String> headers =
        WebhookSignatures.headers("webhook.test", deliveryId, now.getEpochSecond(), body, secrets);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("delivery_id", deliveryId);
    result.put("object", "webhook_delivery");
    result.put("endpoint_id", e.id());
    result.put("event", "webhook.test");
    long start = System.nanoTime();
    // Sent without holding an HTTP thread: a slow endpoint (up to the timeout) costs nobody else a
    // thread.
    CompletableFuture<Void> sent =
        http.post(uri.toString(), headers, "application/json", body)
            .handle(
                (response, failure) -> {
                  if (failure == null) {
                    result.put("delivered", response.status() >= 200 && response.status() < 300);
                    result.put("status_code", response.status());
                    result.put("error", null);
                  } else {
                    Throwable cause =
                        failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    result.put("delivered", false);
                    result.put("status_code", null);
                    result.put(
                        "error",
                        cause instanceof OutboundHttp.Failure f
                            ? f.kind().errorClass() + ": " + f.getMessage()
                            : cause.toString());
                  }
                  result.put("duration_ms", (System.nanoTime() - start) / 1_000_000);
                  return null;
                });
    return ApiResponse.later(sent, () -> ApiResponse.ok(result));
  }

  /**
   * A new secret; the previous one keeps signing (both signatures on every delivery) for {@code
   * overlap_s} seconds, 24 h unless given, at most 7 days.
   */
  ApiResponse rotateSecret(ApiRequest request) {
    WebhookEndpoint e = find(request);
    Duration overlap = DEFAULT_ROTATION_OVERLAP;
    RotateRequest body = request.bodyOr(RotateRequest.class, new RotateRequest(null));
    if (body.overlapS() != null) {
      if (body.overlapS() < 0 || body.overlapS() > MAX_ROTATION_OVERLAP.toSeconds()) {
        throw ApiException.invalid(
            "overlap_s",
            "'overlap_s' must be between 0 and " + MAX_ROTATION_OVERLAP.toSeconds() + " seconds");
      }
      overlap = Duration.ofSeconds(body.overlapS());
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String secret = newSecret();
    // A secret this installation cannot open (sealed elsewhere) cannot sign during an overlap.
    boolean keepOld = !overlap.isZero() && opens(request.tenant(), e.secretSealed());
    WebhookEndpoint next =
        new WebhookEndpoint(
            e.id(),
            e.accountId(),
            e.url(),
            e.events(),
            e.description(),
            e.enabled(),
            seal.seal(request.tenant(), secret),
            keepOld ? e.secretSealed() : null,
            keepOld ? now.plus(overlap) : null,
            e.disabledReason(),
            e.createdAt(),
            now,
            null);
    publish(next, EventType.WEBHOOK_ENDPOINT_UPSERTED);
    table.put(key(request.tenant(), e.id()), next);
    Map<String, Object> m = render(next);
    m.put("secret", secret);
    return ApiResponse.ok(m);
  }

  private boolean opens(String tenant, String sealed) {
    if (sealed == null) {
      return false;
    }
    try {
      seal.open(tenant, sealed);
      return true;
    } catch (IllegalArgumentException notOpened) {
      return false;
    }
  }

  private static Set<String> subscribable() {
    Set<String> names = new java.util.TreeSet<>(WebhookEventData.EVENT_NAMES);
    names.add("*");
    return java.util.Collections.unmodifiableSet(names);
  }

  /**
   * Endpoints stored before secrets were sealed hold theirs in plain text: seals each, and
   * publishes it to the endpoints topic, where the delivery functions had never seen it. Run at the
   * bridge's start; returns how many it sealed.
   */
  public int sealLegacySecrets() {
    int sealed = 0;
    for (String key : table.keys("")) {
      Optional<WebhookEndpoint> found = table.get(key, WebhookEndpoint.class);
      if (found.isEmpty() || found.get().legacySecret() == null) {
        continue;
      }
      WebhookEndpoint e = found.get();
      WebhookEndpoint next =
          new WebhookEndpoint(
              e.id(),
              e.accountId(),
              e.url(),
              e.events(),
              e.description(),
              e.enabled(),
              e.secretSealed() != null
                  ? e.secretSealed()
                  : seal.seal(e.accountId(), e.legacySecret()),
              e.previousSecretSealed(),
              e.previousSecretExpiresAt(),
              e.disabledReason(),
              e.createdAt(),
              Instant.now().truncatedTo(ChronoUnit.MILLIS),
              null);
      publish(next, EventType.WEBHOOK_ENDPOINT_UPSERTED);
      table.put(key, next);
      sealed++;
    }
    return sealed;
  }

  /** The body of {@code POST /webhook_endpoints/{id}/rotate_secret}. */
  public record RotateRequest(Long overlapS) {}

  /** Standard Webhooks' form: {@code whsec_} and the base64 of 32 random bytes. */
  static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  /** Writes the endpoint's configuration to its compacted topic before the view changes. */
  private void publish(WebhookEndpoint e, EventType type) {
    CloudEvent event = CloudEvent.create(type, SOURCE, e.accountId(), e.id(), e.data());
    writer.write(event, pointer -> pointer.startsWith("/data/") ? apiField(pointer) : null);
  }

  /** {@code /data/events/2} → {@code events[2]}. */
  private static String apiField(String pointer) {
    String[] parts = pointer.substring("/data/".length()).split("/");
    return parts.length > 1 && parts[1].chars().allMatch(Character::isDigit)
        ? parts[0] + "[" + parts[1] + "]"
        : parts[0];
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
    if (e.disabledReason() != null) {
      m.put("disabled_reason", e.disabledReason());
    }
    if (e.previousSecretExpiresAt() != null) {
      m.put("previous_secret_expires_at", e.previousSecretExpiresAt());
    }
    m.put("created_at", e.createdAt());
    m.put("updated_at", e.updatedAt());
    return m;
  }
}
