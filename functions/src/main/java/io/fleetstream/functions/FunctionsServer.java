package io.fleetstream.functions;

import io.fleetstream.connectors.outbound.OutboundHttp;
import io.fleetstream.functions.webhooks.WebhookDeliveryConfig;
import io.fleetstream.functions.webhooks.internal.EndpointFn;
import io.fleetstream.functions.webhooks.internal.FanoutFn;
import io.fleetstream.functions.webhooks.internal.TenantFn;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.handler.RequestReplyHandler;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * Serves the functions to the StateFun runtime: one HTTP endpoint, {@code POST /statefun}, taking
 * the runtime's invocation batches and answering with state changes and messages.
 *
 * <pre>{@code
 * try (FunctionsServer server =
 *     FunctionsServer.builder().delivery(WebhookDeliveryConfig.standard(seal)).build().start()) {
 *   String yaml = FunctionsModule.yaml(bootstrap, server.url(), Duration.ofMinutes(2));
 * }
 * }</pre>
 */
public final class FunctionsServer implements AutoCloseable {

  private final String host;
  private final int port;
  private final WebhookDeliveryConfig delivery;
  private Javalin server;
  private OutboundHttp http;

  private FunctionsServer(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.delivery = Objects.requireNonNull(b.delivery, "delivery");
  }

  public static Builder builder() {
    return new Builder();
  }

  public FunctionsServer start() {
    http =
        OutboundHttp.builder()
            .policy(delivery.targets())
            .requestTimeout(delivery.requestTimeout())
            .connectTimeout(
                delivery.requestTimeout().compareTo(Duration.ofSeconds(5)) < 0
                    ? delivery.requestTimeout()
                    : Duration.ofSeconds(5))
            .maxThreads(32)
            .name("fleetstream-webhook-delivery")
            .build();
    StatefulFunctions functions = new StatefulFunctions();
    functions.withStatefulFunction(FanoutFn.SPEC);
    functions.withStatefulFunction(TenantFn.SPEC);
    functions.withStatefulFunction(EndpointFn.spec(delivery, http));
    RequestReplyHandler handler = functions.requestReplyHandler();
    server =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.startup.showOldJavalinVersionWarning = false;
                  config.jetty.host = host;
                  config.jetty.port = port;
                  config.http.maxRequestSize = 64L * 1024 * 1024;
                  config.routes.post(
                      "/statefun",
                      ctx ->
                          ctx.future(
                              () ->
                                  handler
                                      .handle(Slices.wrap(ctx.bodyAsBytes()))
                                      .thenAccept(
                                          reply ->
                                              ctx.contentType("application/octet-stream")
                                                  .result(reply.toByteArray()))));
                })
            .start();
    return this;
  }

  /** Where the runtime calls the functions. */
  public String url() {
    return "http://" + host + ":" + port() + "/statefun";
  }

  public int port() {
    if (server == null) {
      throw new IllegalStateException("the functions server is not started");
    }
    return server.port();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
      server = null;
    }
    if (http != null) {
      http.close();
      http = null;
    }
  }

  /** Builds a server; {@link #delivery} is required. Port 0 picks a free one. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private WebhookDeliveryConfig delivery;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder delivery(WebhookDeliveryConfig delivery) {
      this.delivery = delivery;
      return this;
    }

    public FunctionsServer build() {
      return new FunctionsServer(this);
    }
  }
}
