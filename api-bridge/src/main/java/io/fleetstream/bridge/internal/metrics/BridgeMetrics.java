package io.fleetstream.bridge.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * What the bridge measures, named by Prometheus conventions (Micrometer writes {@code
 * fleetstream.http.requests} as {@code fleetstream_http_requests_seconds_*}): every answered
 * request by method, route template and status, with a latency histogram; rate-limit refusals by
 * limit; idempotent replays; how far the read views are behind each topic; and the JVM. No metric
 * carries an account: a tenant's traffic is not an operator's label, and labels per account would
 * grow without bound.
 */
public final class BridgeMetrics implements AutoCloseable {

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public BridgeMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /**
   * Starts the counters at zero, so a dashboard finds them before the first refusal or replay (and
   * a rate over a counter that appears late does not miss its first increments).
   */
  public void declare(java.util.Collection<String> routes) {
    refusals("unmatched");
    routes.forEach(this::refusals);
    replays();
  }

  private Counter refusals(String route) {
    return Counter.builder("fleetstream.rate.limit.refusals")
        .description("Requests refused with 429 by a rate limit, by route template")
        .tag("route", route)
        .register(registry);
  }

  private Counter replays() {
    return Counter.builder("fleetstream.idempotency.replays")
        .description("Requests answered with the stored answer of an earlier one")
        .register(registry);
  }

  /** A request answered with {@code status}, {@code nanos} after it arrived. */
  public void request(String method, String route, int status, long nanos) {
    // Looked up here rather than built on every request: this runs on each answer's path.
    timers
        .computeIfAbsent(method + " " + route + " " + status, k -> timer(method, route, status))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(String method, String route, int status) {
    return Timer.builder("fleetstream.http.requests")
        .description("Requests answered by the bridge, by route template and status")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        // A dozen fixed buckets (Prometheus' usual HTTP ones) rather than Micrometer's ~70 per
        // series: routes x statuses x buckets is what the operator's Prometheus stores.
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  /** A request to {@code route} refused by a rate limit. */
  public void rateLimited(String route) {
    refusals(route).increment();
  }

  /** A request answered from the idempotency store (the same key and body seen before). */
  public void idempotentReplay() {
    replays().increment();
  }

  /** How many records of {@code topic} the read views have not folded yet, read when scraped. */
  public <T> void viewLag(String topic, T source, ToDoubleFunction<T> lag) {
    Gauge.builder("fleetstream.views.lag.records", source, lag)
        .description("Records of the topic the read views have not folded yet")
        .tag("topic", topic)
        .register(registry);
  }

  /**
   * How old this bridge's copy of the state it shares with the other bridges may be (seconds since
   * it last knew it had read all of it), read when scraped: past 60 s it refuses every key.
   */
  public <T> void sharedStateAge(T source, ToDoubleFunction<T> seconds) {
    Gauge.builder("fleetstream.bridge.state.age.seconds", source, seconds)
        .description("Seconds since this bridge last knew its copy of the shared state was current")
        .register(registry);
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
