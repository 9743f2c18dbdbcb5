package io.fleetstream.bridge.internal.webhooks;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.kafka.EventWriter;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.connectors.outbound.OutboundHttp;
import io.fleetstream.connectors.secrets.SealKeyFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's webhook routes as it starts them: endpoints (their secrets sealed with the key the
 * delivery functions share) and deliveries, with the upgrade of endpoints stored before secrets
 * were sealed.
 */
public final class WebhookRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);

  private WebhookRoutes() {}

  /**
   * The routes of {@code /webhook_endpoints} and deliveries; {@code http} (closed by the caller)
   * sends their test events.
   */
  public static List<Route> start(
      BridgeConfig config,
      Table endpoints,
      ViewStore views,
      EventWriter writer,
      OutboundHttp http,
      Path sealKeyFile) {
    WebhookResource webhooks =
        new WebhookResource(
            endpoints,
            new TargetGuard(config.webhookTargets()),
            http,
            writer,
            SealKeyFile.load(sealKeyFile));
    sealLegacySecrets(webhooks);
    List<Route> routes = new ArrayList<>(webhooks.routes());
    routes.addAll(new DeliveryResource(endpoints, views, writer).routes());
    return routes;
  }

  /** The client that sends endpoints' test events, as the bridge configures it. */
  public static OutboundHttp testEventClient(BridgeConfig config) {
    return OutboundHttp.builder()
        .policy(config.webhookTargets())
        .requestTimeout(Duration.ofSeconds(10))
        .name("fleetstream-bridge-webhook-test")
        .build();
  }

  /**
   * An upgrade step that must not keep the bridge from starting: a failure is logged, retried at
   * the next start.
   */
  private static void sealLegacySecrets(WebhookResource webhooks) {
    try {
      int sealed = webhooks.sealLegacySecrets();
      if (sealed > 0) {
        LOG.info(
            "sealed and published {} webhook endpoint(s) stored before secrets were sealed",
            sealed);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not seal the secrets of older webhook endpoints yet: {}", e.toString());
    }
  }
}
