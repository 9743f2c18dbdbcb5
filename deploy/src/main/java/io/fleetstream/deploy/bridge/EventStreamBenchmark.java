package io.fleetstream.deploy.bridge;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.broker.process.LocalPorts;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.deploy.bench.MachineUse;
import io.fleetstream.deploy.synthetic.SyntheticArea;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Fan-out load on the live event stream ({@code GET /api/v1/events}): a broker and a bridge (its
 * own JVM, as in the stack) on loopback, {@code clients} streams spread over {@code accounts}
 * accounts, and job events written to {@code fleetstream.jobs.v1} at a fixed rate (open loop: an
 * event's CloudEvent {@code time} is when it was due, so a producer or bridge that falls behind
 * shows as latency). Latency is from that time to the line reaching the client; afterwards every
 * client must have every event of its account exactly once. The jobs are in Monaco unless a {@link
 * SyntheticArea} places them on another map (no job runs here: only where the events say they are
 * changes).
 */
public final class EventStreamBenchmark {

  /**
   * The figures; latency percentiles cover the measured events only (not the warm-up), the
   * exactness counts cover all.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"clients", "events_per_second", "p50_ms", "p99_ms", "missing", "duplicated"})
  public record Result(
      int clients,
      int accounts,
      double eventsPerSecond,
      double durationS,
      long events,
      long expectedDeliveries,
      long delivered,
      long missing,
      long duplicated,
      long streamsEnded,
      double deliveriesPerSecond,
      double p50Ms,
      double p99Ms,
      double p999Ms,
      double maxMs,
      List<Second> seconds,
      int cores,
      double loadBefore) {

    /** Every client got every event of its account once, and no stream ended early. */
    public boolean complete() {
      return missing == 0 && duplicated == 0 && streamsEnded == 0;
    }
  }

  /** One second of the measured run: latency of the deliveries in it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Second(double atS, long deliveries, double p50Ms, double p99Ms, double maxMs) {}

  public static final int MAX_CLIENTS = 5_000;
  public static final Duration MAX_DURATION = Duration.ofMinutes(5);

  /**
   * Warm-up before measuring, 20 s in all: 5 s at a quarter of the rate, 10 s at half, 5 s at the
   * full rate. A flat 10 s at 1,000 events/s (20,000 deliveries/s) left the bridge and the clients
   * compiling while the backlog grew, and the first 25 s of the measured run paid for it (p99 10 s,
   * then 20–50 ms once caught up); the bridge is a long-running service, so its compiled state is
   * what counts. The per-second chart shows whether a run was still warming up.
   */
  record WarmupStep(double fraction, Duration length) {}

  static final List<WarmupStep> WARMUP =
      List.of(
          new WarmupStep(0.25, Duration.ofSeconds(5)),
          new WarmupStep(0.5, Duration.ofSeconds(10)),
          new WarmupStep(1.0, Duration.ofSeconds(5)));
  private static final String ID_PREFIX = "evt_bench_";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int clients;
  private final int accounts;
  private final int rate;
  private final Duration duration;
  private final SyntheticArea area;
  private final Path workDir;
  private final PrintStream progress;

  /** A run whose jobs are in {@code area} ({@link SyntheticArea#MONACO}: the embedded map's). */
  public EventStreamBenchmark(
      int clients,
      int accounts,
      int rate,
      Duration duration,
      SyntheticArea area,
      Path workDir,
      PrintStream progress) {
    if (clients < 1 || clients > MAX_CLIENTS) {
      throw new IllegalArgumentException("--clients must be 1 to " + MAX_CLIENTS);
    }
    if (accounts < 1 || accounts > clients) {
      throw new IllegalArgumentException("--accounts must be 1 to --clients (" + clients + ")");
    }
    if (rate < 1 || rate > 10_000) {
      throw new IllegalArgumentException("--rate must be 1 to 10000");
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "--duration must be above 0 and at most " + MAX_DURATION.toMinutes() + " min");
    }
    this.clients = clients;
    this.accounts = accounts;
    this.rate = rate;
    this.duration = duration;
    this.area = Objects.requireNonNull(area, "area");
    this.workDir = workDir;
    this.progress = progress;
  }

  public Result run() throws Exception {
    double loadBefore = MachineUse.loadAverage();
    progress.println("starting Kafka ...");
    try (KafkaBroker broker =
        KafkaBroker.builder().dataDir(workDir.resolve("kafka")).heap("1g").build().start()) {
      TopicAdmin.builder()
          .bootstrapServers(broker.bootstrapServers())
          .partitions(4)
          .build()
          .ensureTopics();
      int perAccount = (clients + accounts - 1) / accounts;
      progress.println("starting the HTTP bridge (its own JVM) ...");
      Map<String, String> settings =
          Map.of(
              "limits.rpm",
              "600000",
              "limits.burst",
              "100000",
              "events.max_streams_per_account",
              Integer.toString(perAccount),
              "events.max_streams",
              Integer.toString(clients));
      try (EmbeddedBridge bridge =
              EmbeddedBridge.start(
                  workDir.resolve("bridge"),
                  broker.bootstrapServers(),
                  LocalPorts.freePort(),
                  workDir.resolve("logs"),
                  settings,
                  Duration.ofSeconds(120));
          EventProducer producer = new EventProducer(broker.bootstrapServers())) {
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        List<String[]> keys = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
          SandboxSignup account = SandboxSignup.of(http, bridge.url(), "bench-events-" + a);
          keys.add(new String[] {account.key(), account.accountId()});
        }
        long warmupEvents =
            WARMUP.stream().mapToLong(w -> warmupRate(w) * w.length().toSeconds()).sum();
        long measuredEvents = (long) (rate * (duration.toNanos() / 1e9));
        Recorder recorder = new Recorder(3);
        List<Stream> streams = open(http, bridge.url(), keys, warmupEvents, recorder);

        long seq = 0;
        for (WarmupStep step : WARMUP) {
          int r = warmupRate(step);
          progress.printf("warming up: %d events/s for %d s ...%n", r, step.length().toSeconds());
          long n = r * step.length().toSeconds();
          produce(producer, keys, seq, n, r, null);
          seq += n;
        }
        recorder.getIntervalHistogram(); // the warm-up's latencies are not reported
        progress.printf(
            "measuring: %d events/s to %d streams for %d s ...%n",
            rate, clients, duration.toSeconds());
        List<Second> seconds = new ArrayList<>();
        Histogram all = new Histogram(3);
        long start = System.nanoTime();
        produce(
            producer,
            keys,
            warmupEvents,
            measuredEvents,
            rate,
            () -> {
              Histogram h = recorder.getIntervalHistogram();
              all.add(h);
              seconds.add(second(start, h));
            });
        long total = warmupEvents + measuredEvents;
        long expected = expected(streams, total);
        waitForDeliveries(streams, expected);
        Histogram rest = recorder.getIntervalHistogram();
        all.add(rest);
        seconds.add(second(start, rest));
        return result(streams, total, expected, all, seconds, loadBefore);
      }
    }
  }

  private Result result(
      List<Stream> streams,
      long total,
      long expected,
      Histogram all,
      List<Second> seconds,
      double loadBefore) {
    long delivered = streams.stream().mapToLong(Stream::unique).sum();
    long duplicated = streams.stream().mapToLong(Stream::duplicates).sum();
    long ended = streams.stream().filter(Stream::ended).count();
    double measuredS = duration.toNanos() / 1e9;
    return new Result(
        clients,
        accounts,
        rate,
        measuredS,
        total,
        expected,
        delivered,
        expected - delivered,
        duplicated,
        ended,
        all.getTotalCount() / measuredS,
        all.getValueAtPercentile(50) / 1000.0,
        all.getValueAtPercentile(99) / 1000.0,
        all.getValueAtPercentile(99.9) / 1000.0,
        all.getMaxValue() / 1000.0,
        seconds,
        Runtime.getRuntime().availableProcessors(),
        loadBefore);
  }

  private static Second second(long start, Histogram h) {
    return new Second(
        (System.nanoTime() - start) / 1e9,
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0);
  }

  /** Opens every stream and waits until each has its answer's head (its subscription exists). */
  private List<Stream> open(
      HttpClient http, String url, List<String[]> keys, long measuredFrom, Recorder recorder)
      throws InterruptedException {
    progress.printf("opening %d event streams over %d accounts ...%n", clients, accounts);
    List<Stream> streams = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int account = i % accounts;
      Stream s = new Stream(account, measuredFrom, recorder);
      streams.add(s);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url + "/api/v1/events?types=job"))
              .header("Authorization", "Bearer " + keys.get(account)[0])
              .header("Accept", "text/event-stream")
              .GET()
              .build();
      http.sendAsync(
              request,
              info -> {
                s.status = info.statusCode();
                return HttpResponse.BodySubscribers.fromLineSubscriber(s);
              })
          .whenComplete((r, failure) -> s.ended = true);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    long lastReport = 0;
    while (true) {
      long answered = streams.stream().filter(s -> s.status != 0).count();
      if (answered == clients) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(answered + " of " + clients + " streams opened in 120 s");
      }
      if (System.nanoTime() - lastReport > 5e9) {
        progress.printf("  %d of %d streams open%n", answered, clients);
        lastReport = System.nanoTime();
      }
      Thread.sleep(50);
    }
    long refused = streams.stream().filter(s -> s.status != 200).count();
    if (refused > 0) {
      throw new IllegalStateException(
          refused
              + " streams refused, e.g. status "
              + streams.stream().filter(s -> s.status != 200).findFirst().orElseThrow().status);
    }
    progress.printf("  %d of %d streams open%n", clients, clients);
    return streams;
  }

  /**
   * Writes events {@code from} to {@code from + count} at the rate, each to the next account in
   * turn; {@code everySecond} runs once a second (the per-second latency).
   */
  private void produce(
      EventProducer producer,
      List<String[]> keys,
      long from,
      long count,
      int perSecond,
      Runnable everySecond) {
    long start = System.nanoTime();
    double interval = 1e9 / perSecond;
    long nextSecond = start + 1_000_000_000L;
    for (long i = 0; i < count; i++) {
      long due = start + (long) (i * interval);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      long seq = from + i;
      String tenant = keys.get((int) (seq % accounts))[1];
      long dueMillis =
          System.currentTimeMillis() - Math.max(0, (System.nanoTime() - due) / 1_000_000);
      producer.send(event(area, seq, tenant, dueMillis));
      if (everySecond != null && System.nanoTime() >= nextSecond) {
        everySecond.run();
        nextSecond += 1_000_000_000L;
        long done = (nextSecond - start) / 1_000_000_000L - 1;
        if (done % 10 == 0) {
          progress.printf("  %d s: %,d events written%n", done, i + 1);
        }
      }
    }
    producer.flush();
  }

  /** Event {@code seq}: a job created at one of 50 points in a row, in {@code area}. */
  static CloudEvent event(SyntheticArea area, long seq, String tenant, long dueMillis) {
    String job = "job_bench_" + seq;
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        ID_PREFIX + seq,
        "/bench/events",
        EventType.JOB_CREATED.type(),
        job,
        Instant.ofEpochMilli(dueMillis),
        CloudEvent.CONTENT_TYPE,
        tenant,
        job,
        new JobData(
            job,
            null,
            GeoPoint.of(area.lat(43.73 + (seq % 50) * 0.0001), area.lng(7.42)),
            5.0,
            null,
            null,
            null,
            null,
            null));
  }

  private int warmupRate(WarmupStep step) {
    return Math.max(1, (int) (rate * step.fraction()));
  }

  /** Each event once to every stream of its account. */
  private long expected(List<Stream> streams, long total) {
    long sum = 0;
    for (Stream s : streams) {
      // Events go to accounts in turn: account a gets every seq with seq % accounts == a.
      sum += total / accounts + (s.account < total % accounts ? 1 : 0);
    }
    return sum;
  }

  /** Until everything arrived, or nothing more arrived for 15 s. */
  private void waitForDeliveries(List<Stream> streams, long expected) throws InterruptedException {
    long last = -1;
    long since = System.nanoTime();
    while (true) {
      long delivered = streams.stream().mapToLong(Stream::unique).sum();
      if (delivered >= expected) {
        return;
      }
      if (delivered != last) {
        last = delivered;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > Duration.ofSeconds(15).toNanos()) {
        progress.printf("  %,d of %,d deliveries arrived; no more for 15 s%n", delivered, expected);
        return;
      }
      Thread.sleep(100);
    }
  }

  /**
   * One client: reads lines as they come (no thread of its own), marks each event's number, and
   * records its latency from the event's due time.
   */
  static final class Stream implements Flow.Subscriber<String> {
    final int account;
    private final long measuredFrom;
    private final Recorder recorder;
    private final BitSet seen = new BitSet();
    private long unique;
    private long duplicates;
    volatile int status;
    volatile boolean ended;

    Stream(int account, long measuredFrom, Recorder recorder) {
      this.account = account;
      this.measuredFrom = measuredFrom;
      this.recorder = recorder;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (!line.startsWith("data:")) {
        return;
      }
      long now = System.currentTimeMillis();
      long seq = number(line, "\"id\":\"" + ID_PREFIX);
      String time = text(line, "\"time\":\"");
      if (seq < 0 || time == null) {
        return;
      }
      synchronized (this) {
        if (seen.get((int) seq)) {
          duplicates++;
          return;
        }
        seen.set((int) seq);
        unique++;
      }
      if (seq >= measuredFrom) {
        long latencyMs = Math.max(0, now - Instant.parse(time).toEpochMilli());
        recorder.recordValue(Math.max(1, latencyMs * 1000));
      }
    }

    @Override
    public void onError(Throwable throwable) {
      ended = true;
    }

    @Override
    public void onComplete() {
      ended = true;
    }

    synchronized long unique() {
      return unique;
    }

    synchronized long duplicates() {
      return duplicates;
    }

    boolean ended() {
      return ended;
    }

    private static long number(String line, String prefix) {
      int at = line.indexOf(prefix);
      if (at < 0) {
        return -1;
      }
      int from = at + prefix.length();
      int to = from;
      while (to < line.length() && Character.isDigit(line.charAt(to))) {
        to++;
      }
      return to == from ? -1 : Long.parseLong(line.substring(from, to));
    }

    private static String text(String line, String prefix) {
      int at = line.indexOf(prefix);
      if (at < 0) {
        return null;
      }
      int end = line.indexOf('"', at + prefix.length());
      return end < 0 ? null : line.substring(at + prefix.length(), end);
    }
  }
}
