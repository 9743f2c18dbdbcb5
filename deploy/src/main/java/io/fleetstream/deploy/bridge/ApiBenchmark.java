package io.fleetstream.deploy.bridge;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.broker.process.LocalPorts;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.schemas.Topic;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Write load through the real HTTP bridge: a broker and a bridge (its own JVM, as in the stack) on
 * loopback, a warm-up of the bridge ({@link #WARMUP}), then {@code POST /api/v1/jobs} at a fixed
 * rate for a fixed time (open loop: latency is measured from when a request was due, so a stalled
 * server cannot hide its queue), and finally a check that every accepted job is on {@code
 * fleetstream.jobs.v1}.
 */
public final class ApiBenchmark {

  /**
   * The measured figures. {@code rps} counts only accepted (201) writes per second; {@code lost}
   * counts accepted writes missing from the topic, {@code duplicated} the records of accepted
   * writes found there more than once.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"rps", "p50_ms", "p99_ms", "errors"})
  public record Result(
      double rps,
      double p50Ms,
      double p99Ms,
      long errors,
      double targetRps,
      double durationS,
      long requests,
      long accepted,
      long onTopic,
      long lost,
      double maxMs,
      double p999Ms,
      long duplicated,
      Map<String, Long> errorsBy) {

    /** Every accepted write on the topic exactly once. */
    public boolean exact() {
      return lost == 0 && duplicated == 0;
    }
  }

  public static final int MAX_RPS = 20_000;
  public static final Duration MAX_DURATION = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WORKERS = 256;

  /**
   * Warm-up before measuring, 30 s in all: 5 s at a quarter of the target rate, 15 s at half (the
   * JIT compiles the write path sooner when it does not compete with a saturated load) and 10 s at
   * the full rate. JFR showed C2 still compiling Jetty, Kafka and bridge methods for 20 s after the
   * old 3 s warm-up; the bridge is a long-running service, so its compiled state is what counts.
   */
  record WarmupStep(double fraction, Duration length) {}

  static final List<WarmupStep> WARMUP =
      List.of(
          new WarmupStep(0.25, Duration.ofSeconds(5)),
          new WarmupStep(0.5, Duration.ofSeconds(15)),
          new WarmupStep(1.0, Duration.ofSeconds(10)));

  private final int rps;
  private final Duration duration;
  private final Path workDir;
  private final PrintStream progress;

  public ApiBenchmark(int rps, Duration duration, Path workDir, PrintStream progress) {
    if (rps < 1 || rps > MAX_RPS) {
      throw new IllegalArgumentException("--rps must be 1 to " + MAX_RPS);
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "--duration must be above 0 and at most " + MAX_DURATION.toMinutes() + " min");
    }
    this.rps = rps;
    this.duration = duration;
    this.workDir = workDir;
    this.progress = progress;
  }

  public Result run() throws Exception {
    progress.println("starting Kafka ...");
    try (KafkaBroker broker =
        KafkaBroker.builder().dataDir(workDir.resolve("kafka")).heap("1g").build().start()) {
      TopicAdmin.builder()
          .bootstrapServers(broker.bootstrapServers())
          .partitions(4)
          .build()
          .ensureTopics();
      progress.println("starting the HTTP bridge (its own JVM) ...");
      // Generous default limits: the benchmark measures the write path, not the rate limiter.
      Map<String, String> settings = Map.of("limits.rpm", "600000", "limits.burst", "100000");
      try (EmbeddedBridge bridge =
          EmbeddedBridge.start(
              workDir.resolve("bridge"),
              broker.bootstrapServers(),
              LocalPorts.freePort(),
              workDir.resolve("logs"),
              settings,
              Duration.ofSeconds(120))) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String key = SandboxSignup.of(client, bridge.url(), "bench").key();
        URI base = URI.create(bridge.url());
        for (WarmupStep step : WARMUP) {
          int warmRate = Math.max(1, (int) (rps * step.fraction()));
          progress.println(
              "warming up for "
                  + step.length().toSeconds()
                  + " s at "
                  + warmRate
                  + " requests/s ...");
          load(base, key, warmRate, step.length(), null, "warmup-" + warmRate);
        }
        progress.printf("measuring %d requests/s for %d s ...%n", rps, duration.toSeconds());
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Measured m = load(base, key, rps, duration, accepted, "run");
        progress.println(
            "checking that every accepted write is on " + Topic.JOBS.topicName() + " ...");
        Map<String, Integer> onTopic = countOnTopic(broker.bootstrapServers(), accepted);
        long found = onTopic.size();
        long duplicated = onTopic.values().stream().mapToLong(n -> n - 1).sum();
        Histogram h = m.histogram();
        // Errors answer fast: counting them as throughput would flatter an overloaded bridge.
        return new Result(
            accepted.size() / m.elapsedS(),
            h.getValueAtPercentile(50) / 1000.0,
            h.getValueAtPercentile(99) / 1000.0,
            m.errors(),
            rps,
            m.elapsedS(),
            m.sent(),
            accepted.size(),
            found,
            accepted.size() - found,
            h.getMaxValue() / 1000.0,
            h.getValueAtPercentile(99.9) / 1000.0,
            duplicated,
            m.errorsBy());
      }
    }
  }

  /**
   * @param errorsBy the errors by HTTP status, or by exception for a call that failed
   */
  private record Measured(
      Histogram histogram,
      long sent,
      long completed,
      long errors,
      double elapsedS,
      Map<String, Long> errorsBy) {}

  /**
   * Open loop with a pool of workers: request i is due at start + i/rate; a free worker sends the
   * next due request on its own keep-alive connection and blocks for the answer, and its latency
   * counts from when it was due, so a server that falls behind shows its queueing delay instead of
   * slowing the load down.
   */
  private Measured load(
      URI base, String key, int rate, Duration length, Set<String> accepted, String tag)
      throws InterruptedException {
    Recorder recorder = new Recorder(3);
    AtomicLong next = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Map<String, AtomicLong> errorsBy = new java.util.concurrent.ConcurrentHashMap<>();
    long total = (long) (rate * (length.toNanos() / 1e9));
    double intervalNanos = 1e9 / rate;
    byte[] head = LoopbackHttp.postHead(base, "/api/v1/jobs", "Bearer " + key);
    long start = System.nanoTime();
    List<Thread> threads = new java.util.ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      Thread t =
          new Thread(
              () -> {
                try (LoopbackHttp connection = new LoopbackHttp(base, 30_000)) {
                  long i;
                  while ((i = next.getAndIncrement()) < total) {
                    long due = start + (long) (i * intervalNanos);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    byte[] body =
                        ("{\"external_id\": \""
                                + tag
                                + "-"
                                + i
                                + "\", \"dropoff_lat\": "
                                + (43.725 + (i % 100) * 0.0002)
                                + ", \"dropoff_lng\": "
                                + (7.41 + (i % 97) * 0.0003)
                                + ", \"service_minutes\": 5}")
                            .getBytes(StandardCharsets.UTF_8);
                    try {
                      LoopbackHttp.Response r = connection.post(head, body);
                      if (r.status() != 201) {
                        errors.incrementAndGet();
                        errorsBy
                            .computeIfAbsent(Integer.toString(r.status()), k -> new AtomicLong())
                            .incrementAndGet();
                      } else if (accepted != null) {
                        accepted.add(idOf(r.bodyText()));
                      }
                    } catch (Exception e) {
                      errors.incrementAndGet();
                      errorsBy
                          .computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong())
                          .incrementAndGet();
                    }
                    recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                    completed.incrementAndGet();
                  }
                }
              },
              "bench-worker-" + w);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    Map<String, Long> by = new java.util.TreeMap<>();
    errorsBy.forEach((k, v) -> by.put(k, v.get()));
    return new Measured(
        recorder.getIntervalHistogram(), total, completed.get(), errors.get(), elapsed, by);
  }

  /**
   * The job id of a 201 body: the bridge writes {@code "id"} first; anything else goes through
   * Jackson.
   */
  static String idOf(String body) {
    String prefix = "{\"id\":\"";
    if (body.startsWith(prefix)) {
      int end = body.indexOf('"', prefix.length());
      String id = end < 0 ? "" : body.substring(prefix.length(), end);
      if (!id.isEmpty() && id.indexOf('\\') < 0) {
        return id;
      }
    }
    return idOfTree(body);
  }

  private static String idOfTree(String body) {
    try {
      return JSON.readTree(body).path("id").asText();
    } catch (Exception e) {
      return "unparseable";
    }
  }

  /**
   * How often each accepted id is on the jobs topic (read_committed), read from the start to the
   * end offsets taken now: every accepted write was acknowledged before this, so the end covers
   * them.
   */
  private static Map<String, Integer> countOnTopic(String bootstrap, Set<String> accepted) {
    Map<String, Integer> seen = new HashMap<>();
    var props =
        KafkaClientSettings.readCommittedConsumer(
            bootstrap, "fleetstream-bench-api-" + System.nanoTime());
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topic.JOBS.topicName()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          String id = r.key().substring(r.key().indexOf('/') + 1);
          if (accepted.contains(id)) {
            seen.merge(id, 1, Integer::sum);
          }
        }
      }
    }
    return seen;
  }
}
