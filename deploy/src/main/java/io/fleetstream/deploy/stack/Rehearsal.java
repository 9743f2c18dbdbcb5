package io.fleetstream.deploy.stack;

import io.fleetstream.connectors.flink.FleetstreamKafka;
import io.fleetstream.connectors.kafka.OutboundRecord;
import io.fleetstream.connectors.kafka.RawRecord;
import io.fleetstream.deploy.local.StateWorkDir;
import io.fleetstream.deploy.synthetic.SyntheticEvents;
import io.fleetstream.jobs.DispatchJob;
import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A dress rehearsal of the dispatch job before the real one starts: the same operator graph, in
 * this JVM, on synthetic drivers, jobs and pings of a tenant of its own, with every output
 * discarded and its state in a temporary directory that is deleted afterwards. No topic is read or
 * written (the sources are generators and the sinks count and drop), so nothing live can change.
 *
 * <p>Why: the one-machine stack runs the job in a fresh JVM, whose first tens of seconds run on the
 * interpreter while the JIT compilers take a core of their own; a stack started into 50,000 pings a
 * second fell 400,000 pings behind in its first ten seconds and needed half a minute to catch up.
 * The rehearsal spends that time before the stack says it is ready, so the live job starts on
 * compiled code (the JIT's work is per JVM, not per job). It also loads the road graph.
 */
public final class Rehearsal {

  /** The rehearsal's own account; it never reaches a topic. */
  static final String TENANT = "acct_rehearsal";

  private static final int DRIVERS = 200;
  private static final int JOBS = 1_000;
  private static final int ZONES = 4;
  private static final int PING_RATE = 40_000;
  private static final Map<String, LongAdder> OUTPUTS = new ConcurrentHashMap<>();

  /** A rehearsal runs at least this long before it may end as warm. */
  static final int MIN_SECONDS = 20;

  /** The two windows whose outputs {@link #warm} compares, in seconds. */
  static final int WINDOW_SECONDS = 10;

  /** Throughput up by no more than this share from one window to the next: level. */
  static final double STILL_RISING = 0.10;

  /** Level for this many seconds in a row: warm. */
  static final int LEVEL_FOR_SECONDS = 5;

  private final DispatchJobConfig config;
  private final int parallelism;
  private final String kafka;

  /**
   * What a rehearsal did: outputs the job wrote (and the sinks dropped), records that went through
   * the scratch topic (0 without Kafka), how long it took, and whether it ended because the job's
   * throughput had stopped rising (else it ran for all the time it was given).
   */
  public record Result(long outputs, long kafkaRecords, Duration took, boolean warm) {}

  /**
   * @param config the live job's configuration; checkpoints and RocksDB's files go to a temporary
   *     directory instead of its own
   */
  public Rehearsal(DispatchJobConfig config, int parallelism) {
    this(config, parallelism, null);
  }

  private Rehearsal(DispatchJobConfig config, int parallelism, String kafka) {
    this.config = config;
    this.parallelism = parallelism;
    this.kafka = kafka;
  }

  /**
   * The same rehearsal, with Kafka's clients exercised too on a scratch topic of the broker at
   * {@code bootstrapServers} (see {@link KafkaRehearsal}); no live topic is read or written.
   */
  public Rehearsal withKafka(String bootstrapServers) {
    return new Rehearsal(config, parallelism, bootstrapServers);
  }

  /**
   * Runs the job on synthetic input until it is warm (its throughput stopped rising, see {@link
   * #warm}) or for {@code longest}, whichever comes first, then cancels it and cleans up.
   */
  public Result run(Duration longest, Consumer<String> progress) throws Exception {
    long started = System.nanoTime();
    if (config.roadMap() != null) {
      // Loaded (imported, the first time) here, not in a rehearsal task: an import that the
      // rehearsal's cancellation cut short left GraphHopper holding the cancelled job's closed
      // class loader, and the live job then failed to load the map at every restart.
      config.roadMap().network();
    }
    String run = UUID.randomUUID().toString();
    LongAdder outputs = OUTPUTS.computeIfAbsent(run, r -> new LongAdder());
    Path workDir = Files.createTempDirectory("fleetstream-rehearsal");
    Path stateDir = StateWorkDir.prepare(workDir);
    try {
      DispatchJobConfig rehearsed = config.withCheckpointDir(null).withStateWorkDir(stateDir);
      DispatchJob job =
          DispatchJob.builder()
              .inputs(generated(DRIVERS + JOBS, RateLimiterStrategy.noOp(), Rehearsal::input))
              .telemetry(pings())
              .positions(pings())
              .outputs(new Counting(run))
              .trackerOutputs(new Counting(run))
              .config(rehearsed)
              .build();
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironment(rehearsed.toFlinkConfiguration());
      job.configure(env);
      env.setParallelism(parallelism);
      job.addTo(env);
      JobClient client = env.executeAsync("fleetstream-rehearsal");
      KafkaRehearsal clients = kafka == null ? null : KafkaRehearsal.start(kafka);
      boolean warm = false;
      try {
        long start = System.nanoTime();
        long end = start + longest.toNanos();
        List<Long> perSecond = new ArrayList<>(); // outputs so far, at the end of each second
        while (System.nanoTime() < end && !warm) {
          long nextSecond = start + (perSecond.size() + 1) * 1_000_000_000L;
          Thread.sleep(Math.max(1, (Math.min(nextSecond, end) - System.nanoTime()) / 1_000_000));
          perSecond.add(outputs.sum());
          warm = warm(perSecond);
          if (perSecond.size() % 5 == 0 || warm || System.nanoTime() >= end) {
            progress.accept(
                (clients == null
                        ? String.format("rehearsal: %,d outputs", outputs.sum())
                        : String.format(
                            "rehearsal: %,d outputs, %,d records through Kafka",
                            outputs.sum(), clients.received()))
                    + (warm ? " (warm: throughput no longer rising)" : ""));
          }
        }
      } finally {
        client.cancel().get(60, TimeUnit.SECONDS);
        if (clients != null) {
          clients.close();
        }
      }
      return new Result(
          outputs.sum(),
          clients == null ? 0 : clients.received(),
          Duration.ofNanos(System.nanoTime() - started),
          warm);
    } finally {
      OUTPUTS.remove(run);
      StateWorkDir.delete(stateDir);
      StateWorkDir.delete(workDir);
    }
  }

  /**
   * Whether a job whose outputs so far, at the end of each second, were {@code perSecond} is warm:
   * after {@link #MIN_SECONDS}, for each of the last {@link #LEVEL_FOR_SECONDS} seconds its last
   * {@link #WINDOW_SECONDS} seconds brought back no more than {@link #STILL_RISING} more than the
   * ten before. While the JIT is still compiling the hot paths each window brings back more than
   * the last (on the project machine the rehearsal's throughput rose for 40–50 s); once it stops
   * rising the live job would gain nothing from more. Level for several seconds, so that one
   * second's stall (a checkpoint, a collection) does not end it.
   */
  static boolean warm(List<Long> perSecond) {
    int n = perSecond.size();
    if (n < Math.max(MIN_SECONDS, 2 * WINDOW_SECONDS + LEVEL_FOR_SECONDS - 1)) {
      return false;
    }
    for (int end = n; end > n - LEVEL_FOR_SECONDS; end--) {
      if (!levelAt(perSecond, end)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the window ending at second {@code end} brought back little more than the one before.
   */
  private static boolean levelAt(List<Long> perSecond, int end) {
    long now = perSecond.get(end - 1);
    long mid = perSecond.get(end - 1 - WINDOW_SECONDS);
    long before = end > 2 * WINDOW_SECONDS ? perSecond.get(end - 1 - 2 * WINDOW_SECONDS) : 0;
    long previous = mid - before;
    return previous > 0 && now - mid <= previous * (1 + STILL_RISING);
  }

  private static DataGeneratorSource<RawRecord> pings() {
    return generated(Long.MAX_VALUE, RateLimiterStrategy.perSecond(PING_RATE), new Pings());
  }

  private static DataGeneratorSource<RawRecord> generated(
      long count, RateLimiterStrategy limiter, GeneratorFunction<Long, RawRecord> generator) {
    return new DataGeneratorSource<>(generator, count, limiter, FleetstreamKafka.RAW_RECORDS);
  }

  /** Drivers first, then jobs (each source subtask gets a range of indices, so only roughly). */
  private static RawRecord input(Long index) {
    long now = System.currentTimeMillis();
    int i = index.intValue();
    if (i < DRIVERS) {
      return record(Topic.DRIVERS, "drv_" + i, SyntheticEvents.driver(TENANT, i, zone(i)), now);
    }
    String job = "job_" + (i - DRIVERS);
    return record(Topic.JOBS, job, SyntheticEvents.job(TENANT, job, zone(i), now), now);
  }

  /** Each driver in turn, each ping of a driver a millisecond or more after its last. */
  private static final class Pings implements GeneratorFunction<Long, RawRecord> {
    private static final long serialVersionUID = 1L;
    private final long[] last = new long[DRIVERS];

    @Override
    public RawRecord map(Long index) {
      int driver = (int) (index % DRIVERS);
      long ts = Math.max(System.currentTimeMillis(), last[driver] + 1);
      last[driver] = ts;
      return record(Topic.TELEMETRY, "drv_" + driver, SyntheticEvents.ping(TENANT, driver, ts), ts);
    }
  }

  private static String zone(int index) {
    return "rehearsal-" + index % ZONES;
  }

  private static RawRecord record(Topic topic, String key, byte[] value, long timestamp) {
    return new RawRecord(
        topic.topicName(),
        0,
        -1,
        timestamp,
        (TENANT + "/" + key).getBytes(StandardCharsets.UTF_8),
        value);
  }

  /** Counts what the job would have written, and drops it. */
  private static final class Counting implements Sink<OutboundRecord> {
    private static final long serialVersionUID = 1L;
    private final String run;

    Counting(String run) {
      this.run = run;
    }

    @Override
    public SinkWriter<OutboundRecord> createWriter(WriterInitContext context) {
      LongAdder count = OUTPUTS.getOrDefault(run, new LongAdder());
      return new SinkWriter<>() {
        @Override
        public void write(OutboundRecord element, Context ctx) {
          count.increment();
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }
}
