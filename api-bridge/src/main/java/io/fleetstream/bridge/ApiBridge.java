package io.fleetstream.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.bridge.internal.a2a.A2aEndpoint;
import io.fleetstream.bridge.internal.admin.AccountTransfer;
import io.fleetstream.bridge.internal.admin.AuditLog;
import io.fleetstream.bridge.internal.audit.ApiCallAudit;
import io.fleetstream.bridge.internal.auth.AccountStore;
import io.fleetstream.bridge.internal.auth.Authenticator;
import io.fleetstream.bridge.internal.auth.OperatorKey;
import io.fleetstream.bridge.internal.billing.Meter;
import io.fleetstream.bridge.internal.events.EventHub;
import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.bridge.internal.http.ApiJson;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.HttpServer;
import io.fleetstream.bridge.internal.http.RequestPipeline;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.idempotency.IdempotencyStore;
import io.fleetstream.bridge.internal.kafka.EventWriter;
import io.fleetstream.bridge.internal.kafka.KafkaHealth;
import io.fleetstream.bridge.internal.learning.Learning;
import io.fleetstream.bridge.internal.limits.RateLimiter;
import io.fleetstream.bridge.internal.mcp.McpEndpoint;
import io.fleetstream.bridge.internal.mcp.ToolCalls;
import io.fleetstream.bridge.internal.metrics.BridgeMetrics;
import io.fleetstream.bridge.internal.resources.AccountResource;
import io.fleetstream.bridge.internal.resources.AdminResource;
import io.fleetstream.bridge.internal.resources.AuditResource;
import io.fleetstream.bridge.internal.resources.DispatchResource;
import io.fleetstream.bridge.internal.resources.DriverFieldResource;
import io.fleetstream.bridge.internal.resources.DriverMetricsResource;
import io.fleetstream.bridge.internal.resources.DriverResource;
import io.fleetstream.bridge.internal.resources.EventStreamResource;
import io.fleetstream.bridge.internal.resources.GeocodeResource;
import io.fleetstream.bridge.internal.resources.JobLifecycleResource;
import io.fleetstream.bridge.internal.resources.JobResource;
import io.fleetstream.bridge.internal.resources.LearningResource;
import io.fleetstream.bridge.internal.resources.OptimizeResource;
import io.fleetstream.bridge.internal.resources.PredictionResource;
import io.fleetstream.bridge.internal.resources.RouteResource;
import io.fleetstream.bridge.internal.resources.RunRenderer;
import io.fleetstream.bridge.internal.resources.ScheduleResource;
import io.fleetstream.bridge.internal.resources.SimulationResource;
import io.fleetstream.bridge.internal.resources.SlaResource;
import io.fleetstream.bridge.internal.resources.SystemResource;
import io.fleetstream.bridge.internal.resources.TechnicianResource;
import io.fleetstream.bridge.internal.resources.Writes;
import io.fleetstream.bridge.internal.state.Housekeeping;
import io.fleetstream.bridge.internal.state.OwnState;
import io.fleetstream.bridge.internal.store.StateLog;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.CommandWaiters;
import io.fleetstream.bridge.internal.views.PlanWaiters;
import io.fleetstream.bridge.internal.views.SimulationViews;
import io.fleetstream.bridge.internal.views.ViewConsumer;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.bridge.internal.webhooks.EndpointFold;
import io.fleetstream.bridge.internal.webhooks.WebhookRoutes;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.json.EventValidator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP bridge: the {@code /api/v1} REST surface over Kafka. Writes become validated events;
 * reads come from RocksDB views folded from the topics; accounts, hashed keys, idempotency records,
 * rate-limit buckets, webhook endpoints and the operator's audit trail live in the bridge's own
 * RocksDB. The operator's admin key is in {@link #operatorKeyFile()}.
 *
 * <pre>{@code
 * try (ApiBridge bridge = ApiBridge.builder().config(BridgeConfig.of(bootstrap, dataDir)).build().start()) {
 *   URI api = URI.create(bridge.url() + "/api/v1/");
 * }
 * }</pre>
 */
public final class ApiBridge implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiBridge.class);

  /**
   * The sealing key of webhook secrets, in the bridge's data directory unless {@code
   * FLEETSTREAM_WEBHOOK_SEAL_KEY} gives it; the functions that deliver need the same key.
   */
  public static final String WEBHOOK_SEAL_KEY_FILE = "webhook-seal.key";

  /**
   * The longest a bridge serves keys from a copy of the shared state it could not bring up to date:
   * the bound on how long a key revoked on one bridge still works on another cut off from Kafka.
   * Long enough that a short Kafka outage leaves reads working (they come from the views).
   */
  static final Duration MAX_STATE_AGE = Duration.ofSeconds(60);

  /**
   * How long a dispatcher's command waits for the job's answer before it answers 202: a few
   * checkpoint intervals, the time the job's outputs take to commit.
   */
  static final Duration DISPATCH_REPLY_TIMEOUT = Duration.ofSeconds(10);

  private final BridgeConfig config;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private HttpServer server;
  private ViewConsumer consumer;
  private EventHub events;
  private KafkaHealth health;
  private RateLimiter rateLimiter;
  private AccountStore accounts;
  private Housekeeping housekeeping;
  private Path operatorKeyFile;
  private StateLog sharedState;

  private ApiBridge(BridgeConfig config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens the stores, starts folding the views and serving HTTP; returns once the port is bound.
   */
  public ApiBridge start() {
    LOG.info("starting the bridge: {}", config.describe());
    JsonNode openApi = OpenApiDocument.read();
    String schemaVersion = openApi.path("info").path("version").asText();
    EventValidator validator = EventValidator.create();

    OwnState own = track(OwnState.open(config));
    ViewStore views = track(new ViewStore(config.dataDir().resolve("views")));
    sharedState = own.log();
    accounts = own.accounts();
    rateLimiter = own.rateLimiter();
    operatorKeyFile = OperatorKey.ensure(accounts, config.dataDir(), config.defaultLimits());
    Meter meter =
        new Meter(
            accounts,
            config.writePriceUsd(),
            config.optimizePriceUsd(),
            config.accounts().ownPerUsd(),
            config.topUpUrl());
    IdempotencyStore idempotency = own.idempotency();
    // Records this process writes carry its origin id, so its view consumer need not fold them
    // twice;
    // a restarted bridge has a new id and folds everything again.
    String origin = java.util.UUID.randomUUID().toString();
    EventWriter writer =
        track(new EventWriter(config.kafkaBootstrap(), validator, config.kafkaTimeout(), origin));
    health = track(new KafkaHealth(config.kafkaBootstrap()));

    BridgeMetrics metrics = track(new BridgeMetrics());
    PlanWaiters waiters = new PlanWaiters();
    metrics.sharedStateAge(sharedState, s -> s.millisBehind() / 1000.0);
    consumer = new ViewConsumer(config.kafkaBootstrap(), views, validator, origin);
    for (Topic topic : ViewConsumer.TOPICS) {
      metrics.viewLag(topic.topicName(), consumer, c -> c.lag(topic));
    }
    consumer.addListener(waiters);
    CommandWaiters commandWaiters = new CommandWaiters();
    consumer.addListener(commandWaiters);
    SimulationViews.SimulationWaiters simulationWaiters = new SimulationViews.SimulationWaiters();
    consumer.addListener(simulationWaiters);

    Writes writes = new Writes(meter, writer, views);
    RunRenderer runs = new RunRenderer(this::url);
    List<Route> routes = new ArrayList<>();
    routes.addAll(new SystemResource(health::reachable, consumer::caughtUp, openApi).routes());
    AccountResource accountResource = new AccountResource(config, accounts, meter);
    routes.addAll(accountResource.routes());
    AccountTransfer transfer = new AccountTransfer(accounts, own.transferable(), idempotency);
    routes.addAll(
        new AdminResource(
                config, accounts, accountResource, new AuditLog(own.table("admin_audit")), transfer)
            .routes());
    // Addresses without coordinates (jobs, drivers, seed 004's orders): the map is read in the
    // background.
    Places places = Places.start(config.geocoding(), config.dataDir());
    routes.addAll(new DriverResource(writes, views, places).routes());
    routes.addAll(new GeocodeResource(places).routes());
    routes.addAll(new JobResource(writes, views, places).routes());
    routes.addAll(new JobLifecycleResource(writes, views).routes());
    routes.addAll(new DriverFieldResource(writes, views).routes());
    routes.addAll(new TechnicianResource(writes, views, places).routes());
    routes.addAll(new DriverMetricsResource(views, Clock.systemUTC()).routes());
    routes.addAll(
        new DispatchResource(
                writes,
                views,
                commandWaiters,
                () -> consumer.readThroughNow(DispatchResource.ANSWER_TOPICS),
                DISPATCH_REPLY_TIMEOUT,
                places)
            .routes());
    routes.addAll(new SlaResource(views).routes());
    routes.addAll(new ScheduleResource(views, Clock.systemUTC()).routes());
    routes.addAll(new PredictionResource(views).routes());
    routes.addAll(new AuditResource(views).routes());
    routes.addAll(
        new OptimizeResource(config, writes, views, waiters, own.table("run_meta"), runs).routes());
    routes.addAll(
        new io.fleetstream.bridge.internal.routing.RoutingResource(
                config, writes, views, waiters, own.table("routing_problems"), places)
            .routes());
    routes.addAll(new RouteResource(views).routes());
    routes.addAll(new SimulationResource(writes, views, simulationWaiters, places).routes());
    routes.addAll(
        new LearningResource(
                writes,
                new Learning(
                    views,
                    own.table("learning_runs"),
                    own.table("scoring_weights"),
                    Clock.systemUTC()))
            .routes());
    Table endpoints = own.table("webhook_endpoints");
    routes.addAll(
        WebhookRoutes.start(
            config,
            endpoints,
            views,
            writer,
            track(WebhookRoutes.testEventClient(config)),
            config.dataDir().resolve(WEBHOOK_SEAL_KEY_FILE)));
    events = new EventHub(config.kafkaBootstrap(), validator, config.events());
    routes.addAll(new EventStreamResource(events, config.events().heartbeat()).routes());
    consumer.addListener(new EndpointFold(endpoints));

    RequestPipeline pipeline =
        new RequestPipeline(
            config,
            new Authenticator(accounts, sharedState::millisBehind, MAX_STATE_AGE),
            rateLimiter,
            idempotency,
            schemaVersion,
            new ApiCallAudit(writer, Clock.systemUTC()),
            metrics);
    // Open like /healthz: routes and counts, never an account or a key.
    routes.add(
        Route.get(
            "/metrics",
            Route.Access.OPEN,
            request ->
                ApiResponse.text("text/plain; version=0.0.4; charset=utf-8", metrics.scrape())));
    routes.add(
        Route.get(
            "/.well-known/mcp.json",
            Route.Access.OPEN,
            request -> ApiResponse.ok(McpEndpoint.manifest(url(), routes))));
    ToolCalls tools = new ToolCalls(openApi, routes, pipeline, ApiJson.mapper());
    McpEndpoint mcp = track(new McpEndpoint(tools, pipeline, schemaVersion));
    routes.addAll(new A2aEndpoint(tools, ApiJson.mapper(), this::url, schemaVersion).routes());
    metrics.declare(routes.stream().map(Route::path).distinct().toList());
    consumer.start();
    server =
        new HttpServer(
                config.host(), config.port(), routes, pipeline, config.maxBodyBytes(), mcp::install)
            .start();

    housekeeping = Housekeeping.start(own, views);
    LOG.info("bridge listening on {}", url());
    return this;
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  public int port() {
    return server.port();
  }

  /** Where clients reach the bridge: {@code public.url}, or {@code http://host:port}. */
  public String url() {
    return config.publicUrl() != null
        ? config.publicUrl()
        : "http://" + config.host() + ":" + port();
  }

  /**
   * How old this bridge's copy of the state it shares with other bridges may be: milliseconds since
   * it last knew it had read all of it (past {@link #MAX_STATE_AGE}, keys are refused with 503).
   */
  public long sharedStateAgeMillis() {
    return sharedState.millisBehind();
  }

  /** Kafka reachable and the views caught up with the log (what {@code /readyz} reports). */
  public boolean ready() {
    return health.reachable() && consumer.caughtUp();
  }

  /**
   * Every {@code METHOD path} the server routes (the OpenAPI document must describe exactly these).
   */
  public List<String> routes() {
    return server.registeredRoutes();
  }

  /** The file (mode 600) holding the operator's admin key, which the admin routes require. */
  public Path operatorKeyFile() {
    return operatorKeyFile;
  }

  public BridgeConfig config() {
    return config;
  }

  /** Stops serving, then the consumer, then closes Kafka clients and the stores. */
  @Override
  public void close() {
    if (events != null) {
      // Open streams end first, or the server would wait for them.
      events.close();
    }
    if (server != null) {
      server.close();
    }
    if (housekeeping != null) {
      housekeeping.close();
    }
    if (consumer != null) {
      consumer.close();
    }
    if (rateLimiter != null) {
      rateLimiter.persist();
    }
    if (accounts != null) {
      accounts.flush();
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        LOG.warn(
            "closing {} failed: {}", closeables.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    LOG.info("bridge stopped");
  }

  /** Builds an {@link ApiBridge}. */
  public static final class Builder {
    private BridgeConfig config;

    public Builder config(BridgeConfig config) {
      this.config = config;
      return this;
    }

    public ApiBridge build() {
      return new ApiBridge(Objects.requireNonNull(config, "config"));
    }
  }
}
