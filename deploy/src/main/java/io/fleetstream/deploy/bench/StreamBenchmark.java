package io.fleetstream.deploy.bench;

import com.carrotsearch.hppc.LongArrayList;
import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.deploy.cluster.ClusterStatus;
import io.fleetstream.deploy.cluster.JobSubmission;
import io.fleetstream.deploy.local.StateWorkDir;
import io.fleetstream.deploy.stack.Rehearsal;
import io.fleetstream.deploy.synthetic.SyntheticArea;
import io.fleetstream.deploy.synthetic.SyntheticEvents;
import io.fleetstream.jobs.DispatchJob;
import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.jobs.optimize.RoadMap;
import io.fleetstream.schemas.Topic;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Telemetry and jobs through the real broker and the real dispatch job (local MiniCluster, RocksDB,
 * exactly-once sink), measured the way a consumer sees the outputs: read_committed.
 *
 * <p>The tracker runs in "every ping" mode here, so each applied ping yields one driver-state
 * record that carries the ping's timestamp: that is how a ping is matched with its output, counted
 * lost or duplicated, and timed. Pings have unique per-driver millisecond timestamps.
 */
public final class StreamBenchmark {

  /**
   * How a benchmark run is shaped.
   *
   * @param osmFile the map the job drives on and the synthetic input is placed on; null: the
   *     embedded Monaco extract
   */
  public record Settings(
      Duration duration,
      int drivers,
      int openJobs,
      double jobRate,
      int zones,
      Duration checkpointInterval,
      int parallelism,
      Path workDir,
      ClusterStatus cluster,
      Duration rehearsal,
      Path osmFile) {

    /** The same run with the job on the Flink cluster {@code cluster} and its Kafka. */
    public Settings onCluster(ClusterStatus cluster) {
      return new Settings(
          duration,
          drivers,
          openJobs,
          jobRate,
          zones,
          checkpointInterval,
          parallelism,
          workDir,
          cluster,
          rehearsal,
          osmFile);
    }
  }

  private static final String TENANT = "acct_bench";
  private static final Duration WARM_UP = Duration.ofSeconds(10);

  private final Settings settings;

  /** Measurement phases so far (the warm-up is one): job ids carry it. */
  private int phases;

  private double loadBefore;
  private long brokerPid = -1;
  private List<Long> flinkPids = List.of();

  private final PrintStream progress;

  /** Where the synthetic drivers, jobs and pings are: inside the map's roads' bounds. */
  private SyntheticArea area = SyntheticArea.MONACO;

  public StreamBenchmark(Settings settings, PrintStream progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Starts a broker and the job, seeds drivers and open jobs, measures each rate, stops everything.
   */
  public List<StreamBenchResult> run(List<Integer> rates) throws Exception {
    Files.createDirectories(settings.workDir());
    loadBefore = MachineUse.loadAverage();
    RoadMap map = RoadMap.of(JobSubmission.roadGraphIn(settings.workDir()), settings.osmFile());
    if (settings.osmFile() != null) {
      area = areaOf(map);
    }
    if (settings.cluster() != null) {
      return runOnCluster(rates, settings.cluster());
    }
    List<StreamBenchResult> results = new ArrayList<>();
    step("starting Kafka");
    try (KafkaBroker broker =
        KafkaBroker.builder()
            .dataDir(settings.workDir().resolve("kafka"))
            .heap("1g")
            .build()
            .start()) {
      String bootstrap = broker.bootstrapServers();
      brokerPid = broker.pid();
      TopicAdmin.builder().bootstrapServers(bootstrap).partitions(4).build().ensureTopics();
      step(
          "starting the dispatch job (parallelism "
              + settings.parallelism()
              + ", checkpoints every "
              + settings.checkpointInterval().toMillis()
              + " ms, RocksDB)");
      DispatchJobConfig config =
          DispatchJobConfig.defaults()
              .withCheckpointInterval(settings.checkpointInterval())
              .withCheckpointDir(settings.workDir().resolve("checkpoints"))
              // As the stack runs it: decisions, ETAs and re-plans on the roads of its map.
              .withRoadMap(map)
              .withStateWorkDir(StateWorkDir.prepare(settings.workDir()));
      config = config.withTracking(config.tracking().everyPing());
      // As the stack starts it: a rehearsal on synthetic input first (see Rehearsal).
      if (!settings.rehearsal().isZero()) {
        Rehearsal.Result rehearsal =
            new Rehearsal(config, settings.parallelism())
                .withKafka(bootstrap)
                .run(settings.rehearsal(), line -> progress.println("    " + line));
        progress.printf(
            "    rehearsed in %.1f s, %s (%,d outputs, all discarded; %,d records through Kafka)%n",
            rehearsal.took().toMillis() / 1000.0,
            rehearsal.warm() ? "warm" : "its longest",
            rehearsal.outputs(),
            rehearsal.kafkaRecords());
      }
      DispatchJob job = DispatchJob.forKafka(bootstrap).config(config).build();
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironment(config.toFlinkConfiguration());
      job.configure(env);
      env.setParallelism(settings.parallelism());
      job.addTo(env);
      JobClient client = env.executeAsync("stream-benchmark");
      try {
        results.addAll(seedAndMeasure(bootstrap, rates));
      } finally {
        client.cancel().get(60, TimeUnit.SECONDS);
        StateWorkDir.delete(config.stateWorkDir()); // in memory: must not outlive the run
      }
    }
    return results;
  }

  private List<StreamBenchResult> seedAndMeasure(String bootstrap, List<Integer> rates)
      throws Exception {
    List<StreamBenchResult> results = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap);
        StreamOutputs outputs = new StreamOutputs(bootstrap)) {
      outputs.start();
      seed(producer, outputs);
      // The JIT and RocksDB's caches warm up on the first load; measuring that would tell about
      // start-up.
      step("warming up for " + WARM_UP.toSeconds() + " s (not measured)");
      measure(rates.get(0), WARM_UP, producer, outputs);
      for (int rate : rates) {
        results.add(measure(rate, settings.duration(), producer, outputs));
      }
    }
    return results;
  }

  /**
   * The job on a Flink cluster ({@code cluster up}) reading and writing the cluster's Kafka,
   * submitted through its REST API as {@code submit} does (fresh: no snapshot restored), cancelled
   * at the end. No rehearsal: the warm-up phase is the cluster JVMs' only warming. The cluster's
   * processes' CPU is counted beside this JVM's (which then holds only the load generator and the
   * output reader).
   */
  private List<StreamBenchResult> runOnCluster(List<Integer> rates, ClusterStatus cluster)
      throws Exception {
    String bootstrap = cluster.bootstrapServers();
    brokerPid = cluster.brokerPid() > 0 ? cluster.brokerPid() : -1;
    List<Long> pids = new ArrayList<>(cluster.taskManagerPids());
    pids.add(cluster.jobManagerPid());
    flinkPids = List.copyOf(pids);
    step(
        "submitting the dispatch job to "
            + cluster.restUrl()
            + " (parallelism "
            + settings.parallelism()
            + ", checkpoints every "
            + settings.checkpointInterval().toMillis()
            + " ms, RocksDB)");
    URI rest = URI.create(cluster.restUrl());
    JobSubmission.Submitted job =
        JobSubmission.builder(rest, bootstrap)
            .workDir(settings.workDir())
            .osmFile(settings.osmFile())
            .fresh()
            .parallelism(settings.parallelism())
            .jobArgs(
                List.of(
                    "--every-ping",
                    "--checkpoint-interval-ms",
                    Long.toString(settings.checkpointInterval().toMillis())))
            .build()
            .submit(new java.io.PrintWriter(progress, true), Duration.ofSeconds(180));
    try {
      return seedAndMeasure(bootstrap, rates);
    } finally {
      JobSubmission.cancel(rest, job.jobId());
    }
  }

  private void seed(KafkaProducer<String, byte[]> producer, StreamOutputs outputs)
      throws Exception {
    step("seeding " + settings.drivers() + " drivers in " + settings.zones() + " zones");
    for (int d = 0; d < settings.drivers(); d++) {
      send(producer, Topic.DRIVERS, "drv_" + d, SyntheticEvents.driver(area, TENANT, d, zoneOf(d)));
    }
    producer.flush();
    Instant start = Instant.now();
    step("seeding " + settings.openJobs() + " open jobs");
    for (int j = 0; j < settings.openJobs(); j++) {
      String id = "seed_" + j;
      outputs.expectJob(id, System.currentTimeMillis());
      send(
          producer,
          Topic.JOBS,
          id,
          SyntheticEvents.job(area, TENANT, id, zoneOf(j), System.currentTimeMillis()));
    }
    producer.flush();
    long deadline = System.currentTimeMillis() + 300_000;
    while (outputs.decidedJobs() < settings.openJobs() && System.currentTimeMillis() < deadline) {
      Thread.sleep(1000);
      progress.printf(
          "    %,d / %,d seed jobs decided%n", outputs.decidedJobs(), settings.openJobs());
    }
    progress.printf(
        "    seeded in %.1f s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0);
  }

  /**
   * One second of a run, counted from the start of the first phase (the warm-up): pings sent and
   * driver-state outputs read back so far, in that phase.
   */
  public record Second(double atS, String phase, long sent, long back) {}

  private final List<Second> timeline = new ArrayList<>();
  private long firstPhaseStart;

  /** Every second of every phase, warm-up included, for the timeline chart. */
  public List<Second> timeline() {
    return List.copyOf(timeline);
  }

  private StreamBenchResult measure(
      int rate, Duration duration, KafkaProducer<String, byte[]> producer, StreamOutputs outputs)
      throws Exception {
    step(
        String.format(
            "measuring %,d telemetry events/s and %.0f new jobs/s for %d s",
            rate, settings.jobRate(), duration.toSeconds()));
    long phaseStart = System.currentTimeMillis();
    MachineUse.Start cpuAtStart = MachineUse.start(brokerPid, flinkPids);
    long toolCpuAtStart = toolCpuNanos(outputs);
    int phaseNumber = ++phases;
    long windowMs = duration.toMillis() + 60_000;
    outputs.beginPhase(phaseStart, windowMs, settings.drivers());
    LongArrayList sent = new LongArrayList();
    long[] lastTs = new long[settings.drivers()];
    // How far behind its schedule the generator sent (a stalled producer, a busy machine): the
    // latencies below already include it, since every input carries its scheduled time.
    Histogram generatorLag = new Histogram(3_600_000L, 3);
    long pings = 0;
    long jobs = 0;
    long end = phaseStart + duration.toMillis();
    int driver = 0;
    long nextReport = phaseStart + 5000;
    long nextSecond = phaseStart + 1000;
    if (firstPhaseStart == 0) {
      firstPhaseStart = phaseStart;
    }
    String phaseName = phaseNumber == 1 ? "warm-up" : String.format("%,d/s", rate);
    while (true) {
      long now = Math.min(System.currentTimeMillis(), end);
      // Send everything scheduled up to now, each stamped with its scheduled time; after a stall
      // the generator catches up instead of silently sending less (coordinated omission).
      long duePings = (now - phaseStart) * rate / 1000;
      for (; pings < duePings; pings++) {
        long scheduled = phaseStart + pings * 1000 / rate;
        long ts = Math.max(scheduled, lastTs[driver] + 1);
        lastTs[driver] = ts;
        sent.add(OutputLedger.slot(driver, ts - phaseStart, windowMs));
        send(
            producer,
            Topic.TELEMETRY,
            "drv_" + driver,
            SyntheticEvents.ping(area, TENANT, driver, ts));
        generatorLag.recordValue(Math.max(0, System.currentTimeMillis() - scheduled));
        driver = (driver + 1) % settings.drivers();
      }
      long dueJobs = (long) ((now - phaseStart) * settings.jobRate() / 1000);
      for (; jobs < dueJobs; jobs++) {
        String id =
            "live_"
                + phaseNumber
                + "_"
                + rate
                + "_"
                + jobs; // unique across phases: a reused id is an update
        long scheduled = phaseStart + (long) (jobs * 1000 / settings.jobRate());
        outputs.expectJob(id, scheduled);
        send(
            producer,
            Topic.JOBS,
            id,
            SyntheticEvents.job(area, TENANT, id, zoneOf((int) jobs), scheduled));
      }
      if (now >= end) {
        break;
      }
      Thread.sleep(Math.max(0, Math.min(5, end - System.currentTimeMillis())));
      if (System.currentTimeMillis() >= nextSecond) {
        nextSecond += 1000;
        timeline.add(
            new Second(
                (System.currentTimeMillis() - firstPhaseStart) / 1000.0,
                phaseName,
                pings,
                outputs.pingOutputs()));
      }
      if (System.currentTimeMillis() >= nextReport) {
        nextReport += 5000;
        progress.printf(
            "    %5.0f s  sent %,d pings, %,d outputs back%n",
            (System.currentTimeMillis() - phaseStart) / 1000.0, pings, outputs.pingOutputs());
      }
    }
    producer.flush();
    long sentPings = pings;
    // Wait for the outputs until everything is back, or nothing more has come for 10 s (what is
    // still missing then is counted lost), or a minute has passed.
    long drainDeadline = System.currentTimeMillis() + 60_000;
    long lastCount = -1;
    long lastPending = -1;
    long quietSince = System.currentTimeMillis();
    while (System.currentTimeMillis() < drainDeadline) {
      Thread.sleep(1000);
      long count = outputs.pingOutputs();
      long pendingJobs = outputs.pendingJobs();
      if (count >= sentPings && pendingJobs == 0) {
        break;
      }
      if (count != lastCount || pendingJobs != lastPending) {
        quietSince = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - quietSince >= 10_000) {
        break;
      }
      lastCount = count;
      lastPending = pendingJobs;
    }
    if (outputs.pendingJobs() > 0) {
      progress.printf(
          "    jobs without a decision: %,d, e.g. %s%n",
          outputs.pendingJobs(), outputs.somePendingJobs(5));
    }
    OutputLedger.Phase phase = outputs.endPhase();
    double toolCores =
        (toolCpuNanos(outputs) - toolCpuAtStart) / 1e6 / (System.currentTimeMillis() - phaseStart);
    MachineUse machine =
        MachineUse.since(
            cpuAtStart,
            brokerPid,
            flinkPids,
            loadBefore,
            settings.workDir().resolve("checkpoints"));
    long lost = phase.lostPings(sent) + outputs.pendingJobs();
    double seconds = Math.max(1, phase.lastOutputAt() - phaseStart) / 1000.0;
    StreamBenchResult result =
        new StreamBenchResult(
            rate,
            Math.round(phase.uniquePings() / seconds),
            phase.pingLatency().getValueAtPercentile(50),
            phase.pingLatency().getValueAtPercentile(99),
            phase.jobLatency().getValueAtPercentile(50),
            phase.jobLatency().getValueAtPercentile(99),
            lost,
            phase.duplicates(),
            sentPings,
            jobs,
            settings.drivers(),
            settings.openJobs(),
            duration.toSeconds(),
            generatorLag.getValueAtPercentile(99),
            generatorLag.getMaxValue(),
            toolCores,
            machine);
    progress.printf(
        "    rate %,d/s → achieved %,.0f/s, telemetry p50 %.0f ms p99 %.0f ms, job→assignment p50 %.0f ms p99 %.0f ms,"
            + " lost %d, duplicated %d, generator behind schedule p99 %.0f ms (max %.0f)%n",
        rate,
        result.achievedRate(),
        result.p50Ms(),
        result.p99Ms(),
        result.assignmentP50Ms(),
        result.assignmentP99Ms(),
        result.lost(),
        result.duplicated(),
        result.generatorLagP99Ms(),
        result.generatorLagMaxMs());
    progress.printf(
        "    machine: %d cores, load %.2f before the run; this JVM (%s) used %.2f cores (the"
            + " generator and reader threads %.2f),%s the"
            + " broker %.2f; heap in use %,d MB; checkpoints on disk %.1f MB%n",
        machine.cores(),
        machine.loadBefore(),
        settings.cluster() == null ? "job, generator, reader" : "generator, reader",
        machine.jvmCores(),
        toolCores,
        machine.flinkCores() < 0
            ? ""
            : String.format(" the Flink cluster's processes %.2f,", machine.flinkCores()),
        machine.brokerCores(),
        machine.heapUsedMb(),
        machine.checkpointsMb());
    return result;
  }

  /**
   * CPU time of the benchmark's own threads: the load generator (the calling thread) and the output
   * reader.
   */
  private static long toolCpuNanos(StreamOutputs outputs) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.getCurrentThreadCpuTime()
        + Math.max(0, threads.getThreadCpuTime(outputs.getId()));
  }

  /**
   * Loads the map's road graph (importing it into the work directory; the job in this JVM, or the
   * submission to a cluster, then finds it loaded) and places the synthetic input on it, inside its
   * bounds (see {@link SyntheticArea#onRoads}).
   */
  private SyntheticArea areaOf(RoadMap map) {
    step("loading the road graph of " + map.describe());
    SyntheticArea inside = SyntheticArea.onRoads(map.network());
    progress.println("    drivers, jobs and pings " + inside.describe());
    return inside;
  }

  private String zoneOf(int index) {
    return "bench-" + (index % settings.zones());
  }

  private void step(String what) {
    progress.println("  " + what + " ...");
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, Topic topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic.topicName(), TENANT + "/" + key, value));
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties p = KafkaClientSettings.producer(bootstrap);
    p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }
}
