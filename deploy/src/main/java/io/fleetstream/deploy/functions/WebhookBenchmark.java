package io.fleetstream.deploy.functions;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.connectors.secrets.SealKeyFile;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.deploy.bench.MachineUse;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.WebhookEndpointData;
import io.fleetstream.schemas.events.WebhookEventData;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Webhook delivery as a subscriber sees it: a broker, the Stateful Functions runtime and the
 * functions server (as {@code bin/fleetstream up} starts them), receivers on loopback, and webhook
 * events written to {@code fleetstream.webhooks.v1} at a fixed rate. Latency runs from the write of
 * the event to its arrival at the receiver. Three runs: fast receivers only (cold: the first work
 * the runtime and server do), then with one more endpoint that takes {@code slowAnswer} to answer
 * each delivery, to show a slow subscriber does not hold up the others, then fast only again
 * (warm).
 */
public final class WebhookBenchmark {

  /** One run's figures, for the fast endpoints (the slow one's arrivals are counted apart). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Scenario(
      String name,
      int fastEndpoints,
      boolean slowEndpoint,
      double eventsPerSecond,
      long events,
      long expected,
      long delivered,
      long duplicates,
      double deliveriesPerSecond,
      double p50Ms,
      double p99Ms,
      double maxMs,
      long slowDelivered) {

    /** Every event reached every fast endpoint. */
    public boolean complete() {
      return delivered == expected;
    }
  }

  /** The benchmark: both runs and the machine they ran on. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Result(int cores, double loadBefore, List<Scenario> scenarios) {}

  private final int endpoints;
  private final int rate;
  private final Duration duration;
  private final Duration slowAnswer;
  private final Path workDir;
  private final PrintStream progress;

  /** Arrivals per run: "endpoint id" → arrival nanos per event id. */
  private final Map<String, Map<String, Long>> arrivals = new ConcurrentHashMap<>();

  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private final AtomicLong duplicates = new AtomicLong();

  public WebhookBenchmark(
      int endpoints,
      int rate,
      Duration duration,
      Duration slowAnswer,
      Path workDir,
      PrintStream progress) {
    if (endpoints < 1 || endpoints > 200 || rate < 1 || rate > 5_000) {
      throw new IllegalArgumentException("--endpoints must be 1..200 and --rate 1..5000");
    }
    this.endpoints = endpoints;
    this.rate = rate;
    this.duration = duration;
    this.slowAnswer = slowAnswer;
    this.workDir = workDir;
    this.progress = progress;
  }

  public Result run() throws Exception {
    double loadBefore = MachineUse.loadAverage();
    progress.println("starting Kafka ...");
    HttpServer receiver = receiver();
    try (KafkaBroker broker =
        KafkaBroker.builder().dataDir(workDir.resolve("kafka")).heap("1g").build().start()) {
      TopicAdmin.builder()
          .bootstrapServers(broker.bootstrapServers())
          .partitions(2)
          .build()
          .ensureTopics();
      Path sealKey = workDir.resolve("webhook-seal.key");
      progress.println("starting the Stateful Functions runtime and the functions server ...");
      try (EmbeddedFunctions functions =
              EmbeddedFunctions.start(
                  workDir.resolve("statefun"),
                  broker.bootstrapServers(),
                  sealKey,
                  Duration.ofMinutes(3));
          EventProducer producer = new EventProducer(broker.bootstrapServers())) {
        SecretSeal seal = SealKeyFile.load(sealKey);
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        List<Scenario> scenarios = new ArrayList<>();
        // The first run meets a cold runtime and server (what a user's first minute looks like);
        // the last repeats it warm.
        scenarios.add(scenario("fast", false, producer, seal, base));
        scenarios.add(scenario("with-slow", true, producer, seal, base));
        scenarios.add(scenario("fast-warm", false, producer, seal, base));
        return new Result(Runtime.getRuntime().availableProcessors(), loadBefore, scenarios);
      }
    } finally {
      receiver.stop(0);
    }
  }

  private Scenario scenario(
      String name, boolean withSlow, EventProducer producer, SecretSeal seal, String base)
      throws Exception {
    String tenant = "bench-" + name;
    List<String> fast = new ArrayList<>();
    for (int i = 0; i < endpoints; i++) {
      fast.add(
          register(producer, seal, tenant, "whe_" + name.replace("-", "") + i, base + "/fast"));
    }
    String slow =
        withSlow
            ? register(
                producer, seal, tenant, "whe_" + name.replace("-", "") + "slow", base + "/slow")
            : null;
    producer.flush();
    progress.printf(
        "%s: %d fast endpoints%s; warming up until each has received an event ...%n",
        name,
        endpoints,
        withSlow ? " and one answering after " + slowAnswer.toMillis() + " ms" : "");
    Instant warmDeadline = Instant.now().plus(Duration.ofMinutes(2));
    String warm = send(producer, tenant);
    while (!fast.stream().allMatch(e -> arrivals.getOrDefault(e, Map.of()).containsKey(warm))) {
      if (Instant.now().isAfter(warmDeadline)) {
        throw new IllegalStateException("the warm-up event did not reach every endpoint in 2 min");
      }
      Thread.sleep(50);
    }
    sentAt.clear();
    fast.forEach(e -> arrivals.get(e).clear());
    if (slow != null) {
      arrivals.computeIfAbsent(slow, k -> new ConcurrentHashMap<>()).clear();
    }
    duplicates.set(0);

    progress.printf(
        "%s: %d events/s for %d s, each to %d endpoints ...%n",
        name, rate, duration.toSeconds(), fast.size() + (slow == null ? 0 : 1));
    long start = System.nanoTime();
    long events = rate * duration.toSeconds();
    for (long i = 0; i < events; i++) {
      long due = start + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      send(producer, tenant);
      if (i > 0 && i % rate == 0) {
        progress.printf(
            "  %3d s: %,d events sent, %,d deliveries arrived%n", i / rate, i, arrived(fast));
      }
    }
    producer.flush();
    long sentEnd = System.nanoTime();
    long expected = events * fast.size();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (arrived(fast) < expected && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    long lastArrival = start;
    Histogram latency = new Histogram(3_600_000_000L, 3);
    for (String e : fast) {
      for (Map.Entry<String, Long> a : arrivals.get(e).entrySet()) {
        Long sent = sentAt.get(a.getKey());
        if (sent != null) {
          latency.recordValue(Math.max(0, (a.getValue() - sent) / 1_000));
          lastArrival = Math.max(lastArrival, a.getValue());
        }
      }
    }
    long delivered = arrived(fast);
    double seconds = Math.max(sentEnd, lastArrival) - start;
    Scenario s =
        new Scenario(
            name,
            fast.size(),
            withSlow,
            rate,
            events,
            expected,
            delivered,
            duplicates.get(),
            delivered / (seconds / 1e9),
            latency.getValueAtPercentile(50) / 1000.0,
            latency.getValueAtPercentile(99) / 1000.0,
            latency.getMaxValue() / 1000.0,
            slow == null ? 0 : arrivals.get(slow).size());
    progress.printf(
        "%s: %,d of %,d deliveries, p50 %.0f ms, p99 %.0f ms%n",
        name, s.delivered(), s.expected(), s.p50Ms(), s.p99Ms());
    return s;
  }

  private long arrived(List<String> endpointIds) {
    return endpointIds.stream().mapToLong(e -> arrivals.getOrDefault(e, Map.of()).size()).sum();
  }

  private String send(EventProducer producer, String tenant) {
    CloudEvent event =
        CloudEvent.create(
            EventType.WEBHOOK_EVENT,
            "/fleetstream/bench",
            tenant,
            "job_bench",
            new WebhookEventData(
                "job.assigned",
                Map.of("job_id", "job_bench", "driver_id", "drv_bench", "score", 90.0),
                "evt_src",
                Instant.now()));
    sentAt.put(event.id(), System.nanoTime());
    producer.send(event);
    return event.id();
  }

  private String register(
      EventProducer producer, SecretSeal seal, String tenant, String endpointId, String url) {
    arrivals.put(endpointId, new ConcurrentHashMap<>());
    producer.send(
        CloudEvent.create(
            EventType.WEBHOOK_ENDPOINT_UPSERTED,
            "/fleetstream/bench",
            tenant,
            endpointId,
            new WebhookEndpointData(
                endpointId,
                url + "?e=" + endpointId,
                List.of("*"),
                true,
                null,
                seal.seal(tenant, "whsec_YmVuY2htYXJrLXNlY3JldC0zMi1ieXRlcy1sb25nIQ=="),
                null,
                null,
                null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS))));
    return endpointId;
  }

  private HttpServer receiver() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.createContext("/fast", exchange -> arrive(exchange, Duration.ZERO));
    server.createContext("/slow", exchange -> arrive(exchange, slowAnswer));
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    return server;
  }

  private void arrive(HttpExchange exchange, Duration answerAfter) throws IOException {
    long now = System.nanoTime();
    exchange.getRequestBody().readAllBytes();
    String query = exchange.getRequestURI().getQuery();
    String endpoint = query == null ? "" : query.substring(query.indexOf('=') + 1);
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    Map<String, Long> seen = arrivals.get(endpoint);
    if (seen != null && id != null && seen.putIfAbsent(id, now) != null) {
      duplicates.incrementAndGet();
    }
    if (!answerAfter.isZero()) {
      try {
        Thread.sleep(answerAfter.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }
}
