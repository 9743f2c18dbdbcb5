package io.fleetstream.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.WebhookEndpointData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo's webhook subscriber: a receiver on this machine, registered for the demo tenant's
 * {@code job.assigned} events the way the bridge registers one (a sealed secret on the endpoints
 * topic), that checks each delivery's Standard Webhooks signature as a subscriber would.
 */
final class DemoWebhooks implements AutoCloseable {

  /** One delivery as the receiver saw it. */
  record Arrival(String event, String jobId, String id, boolean signatureValid, Instant at) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String secret;
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private String bootstrapServers;
  private String tenant;
  private WebhookEndpointData registered;

  private DemoWebhooks(String secret) throws IOException {
    this.secret = secret;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hooks", this::receive);
    server.start();
  }

  /** Starts the receiver and registers it for {@code tenant} on the endpoints topic. */
  static DemoWebhooks start(String bootstrapServers, SecretSeal seal, String tenant)
      throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    DemoWebhooks hooks = new DemoWebhooks("whsec_" + Base64.getEncoder().encodeToString(key));
    String endpointId = "whe_" + tenant.replaceAll("[^a-z0-9]", "");
    hooks.bootstrapServers = bootstrapServers;
    hooks.tenant = tenant;
    hooks.registered =
        new WebhookEndpointData(
            endpointId,
            hooks.url(),
            List.of("job.assigned"),
            true,
            "the demo's receiver",
            seal.seal(tenant, hooks.secret),
            null,
            null,
            null,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    hooks.publish(EventType.WEBHOOK_ENDPOINT_UPSERTED);
    return hooks;
  }

  private void publish(EventType type) {
    try (EventProducer producer = new EventProducer(bootstrapServers)) {
      producer.send(
          CloudEvent.create(
              type, "/fleetstream/demo", tenant, registered.endpointId(), registered));
      producer.flush();
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  private void receive(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
    String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
    JsonNode payload = JSON.readTree(body);
    arrivals.add(
        new Arrival(
            payload.path("event").asText(),
            payload.path("data").path("job_id").asText(),
            id,
            verified(id, timestamp, body, signatures),
            Instant.now()));
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  /**
   * Standard Webhooks' check, as a subscriber writes it: HMAC-SHA256 keyed with the base64 after
   * {@code whsec_} over {@code id.timestamp.body}, compared with each {@code v1,} entry.
   */
  private boolean verified(String id, String timestamp, byte[] body, String signatures) {
    if (id == null || timestamp == null || signatures == null) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = mac.doFinal(body);
      for (String entry : signatures.split(" ")) {
        if (entry.startsWith("v1,")
            && MessageDigest.isEqual(
                expected, Base64.getDecoder().decode(entry.substring("v1,".length())))) {
          return true;
        }
      }
      return false;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Stops the receiver and unregisters it: a stack left running sends it nothing more. */
  @Override
  public void close() {
    server.stop(0);
    publish(EventType.WEBHOOK_ENDPOINT_DELETED);
  }
}
