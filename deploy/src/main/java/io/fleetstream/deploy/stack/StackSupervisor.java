package io.fleetstream.deploy.stack;

import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.deploy.bridge.EmbeddedBridge;
import io.fleetstream.deploy.functions.EmbeddedFunctions;
import io.fleetstream.deploy.local.StackPorts;
import io.fleetstream.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Main class of the stack's background JVM: starts the Kafka broker (a child process), creates the
 * topics, runs the dispatch job on a local Flink MiniCluster, the bridge and webhook delivery (the
 * Stateful Functions runtime, a child process), reports each step in the status file, starts the
 * broker, the bridge or the functions again when one of them dies, and on request stops everything
 * in order (job with savepoint first, then the broker).
 */
public final class StackSupervisor {

  private static final Logger LOG = LoggerFactory.getLogger(StackSupervisor.class);

  /** {@code down} creates this file to ask for an orderly stop. */
  static final String STOP_REQUEST = "stop.request";

  static final int TOPIC_PARTITIONS = 4;

  private final Path dataDir;
  private final StackPorts ports;
  private final StackParts parts;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile StackStatus status;
  private volatile KafkaBroker broker;
  private DispatchJobRun job;
  private EmbeddedBridge bridge;
  private EmbeddedFunctions functions;
  private TransactionJanitor janitor;
  private final Duration rehearsal;
  private final Engines engines;
  private final Path osmFile;

  private StackSupervisor(
      Path dataDir,
      StackPorts ports,
      int basePort,
      Duration rehearsal,
      Engines engines,
      Path osmFile) {
    this.osmFile = osmFile;
    this.dataDir = dataDir;
    this.ports = ports;
    this.parts = new StackParts(dataDir, ports, basePort, osmFile);
    this.rehearsal = rehearsal;
    this.engines = engines;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println(
          "usage: StackSupervisor <data-dir> <base-port or 0> <rehearsal in ms, 0 for none>"
              + " <kafka bootstrap or -> <flink rest url or -> <.osm.pbf or ->");
      System.exit(2);
    }
    Path dataDir = Path.of(args[0]).toAbsolutePath();
    int basePort = Integer.parseInt(args[1]);
    Duration rehearsal = Duration.ofMillis(Long.parseLong(args[2]));
    Engines engines = Engines.fromArgs(args[3], args[4]);
    Path osm = "-".equals(args[5]) ? null : Path.of(args[5]);
    StackSupervisor supervisor =
        new StackSupervisor(
            dataDir, StackPorts.resolve(dataDir, basePort), basePort, rehearsal, engines, osm);
    System.exit(supervisor.run());
  }

  private int run() throws InterruptedException {
    Path stopRequest = dataDir.resolve("run").resolve(STOP_REQUEST);
    try {
      Files.deleteIfExists(stopRequest);
    } catch (java.io.IOException e) {
      LOG.warn("cannot clear {}: {}", stopRequest, e.toString());
    }
    status =
        new StackStatus(
            StackStatus.STARTING,
            // With a Kafka cluster from outside there is no broker to start: the first step is the
            // topics (the launcher prints the steps it sees).
            engines.kafka() == null ? "kafka" : "topics",
            ProcessHandle.current().pid(),
            dataDir.toString(),
            null,
            null,
            null,
            null,
            null,
            Instant.now().truncatedTo(ChronoUnit.SECONDS),
            dataDir.resolve("logs/stack.log").toString(),
            null);
    status.write(dataDir);
    // A plain kill (SIGTERM) still stops the job and the broker, in that order.
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "fleetstream-stack-stopper"));
    try {
      start();
    } catch (Exception | LinkageError e) {
      // A linkage error (a class missing at run time) must fail the start too, not hang it.
      LOG.error("the stack failed to start", e);
      status = status.failed(e.getMessage());
      status.write(dataDir);
      stopAll();
      return 1;
    }
    while (!Files.exists(stopRequest)) {
      Thread.sleep(200);
      try {
        restartWhatDied();
      } catch (Exception e) {
        // Try again on the next round: a port still held by the dead process frees up in seconds.
        LOG.error("restarting a stopped part of the stack failed", e);
      }
    }
    LOG.info("stop requested");
    stopAll();
    return 0;
  }

  private void start() throws Exception {
    if (engines.kafka() == null) {
      LOG.info("starting Kafka on port {} (data in {})", ports.kafka(), dataDir.resolve("kafka"));
      broker = parts.broker();
      status = status.withKafka(new StackStatus.Kafka(broker.bootstrapServers(), broker.pid()));
      janitor = new TransactionJanitor(this::bootstrap).start();
    } else {
      LOG.info("using the Kafka cluster at {}", engines.kafka());
      status = status.withKafka(new StackStatus.Kafka(engines.kafka(), null));
    }
    status = status.with(StackStatus.STARTING, "topics");
    status.write(dataDir);

    TopicAdmin.Result topics =
        TopicAdmin.builder()
            .bootstrapServers(bootstrap())
            .partitions(TOPIC_PARTITIONS)
            .withBridgeState()
            .build()
            .ensureTopics();
    LOG.info("topics created: {}, already there: {}", topics.created(), topics.existing());
    status =
        status
            .withTopics(Arrays.stream(Topic.values()).map(Topic::topicName).toList())
            .with(StackStatus.STARTING, firstJobStep());
    status.write(dataDir);

    if (engines.flink() != null) {
      job =
          ClusterDispatchJob.submit(
              engines.flink(),
              bootstrap(),
              dataDir,
              osmFile,
              TOPIC_PARTITIONS,
              Duration.ofSeconds(180));
      jobRunning(engines.flink().toString(), null);
      return;
    }
    if (rehearses()) {
      Rehearsal.Result rehearsed =
          EmbeddedDispatchJob.rehearse(dataDir, osmFile, bootstrap(), rehearsal);
      LOG.info(
          "rehearsal done in {} ms ({}): {} outputs, all discarded; {} records through Kafka",
          rehearsed.took().toMillis(),
          rehearsed.warm() ? "warm: throughput no longer rising" : "its longest",
          rehearsed.outputs(),
          rehearsed.kafkaRecords());
      status = status.with(StackStatus.STARTING, "flink");
      status.write(dataDir);
    }
    job =
        EmbeddedDispatchJob.start(
            dataDir,
            osmFile,
            bootstrap(),
            ports.flinkUi(),
            ports.flinkMetrics(),
            Duration.ofSeconds(120));
    jobRunning(
        "http://127.0.0.1:" + ports.flinkUi(),
        "http://127.0.0.1:" + ports.flinkMetrics() + "/metrics");
  }

  /** The job runs (its web UI and metrics where they are): on to the bridge and the functions. */
  private void jobRunning(String webUi, String metrics) {
    status =
        status
            .withFlink(
                new StackStatus.Flink(
                    webUi,
                    metrics,
                    job.jobId(),
                    io.fleetstream.jobs.DispatchJob.NAME,
                    job.restoredFrom(),
                    osmFile == null ? null : osmFile.toString()))
            .with(StackStatus.STARTING, "bridge");
    status.write(dataDir);
    startBridgeAndFunctions();
  }

  /**
   * The rehearsal warms this JVM's MiniCluster: nothing to warm for a job on a cluster, and its
   * scratch topic has no place on someone else's Kafka.
   */
  private String firstJobStep() {
    if (engines.flink() != null) {
      return "submit";
    }
    return rehearses() ? "rehearsal" : "flink";
  }

  private boolean rehearses() {
    return !rehearsal.isZero() && engines.equals(Engines.EMBEDDED);
  }

  private String bootstrap() {
    return broker != null ? broker.bootstrapServers() : engines.kafka();
  }

  private void startBridgeAndFunctions() {
    // The bridge runs in its own JVM; up returns only once its /healthz and /readyz are green.
    bridge = parts.bridge(bootstrap());
    status =
        status
            .withBridge(new StackStatus.Bridge(bridge.url(), bridge.pid()))
            .with(StackStatus.STARTING, "functions");
    status.write(dataDir);

    // Webhook delivery: the StateFun runtime (its own JVM) and the functions it calls.
    LOG.info(
        "webhook endpoints on this machine (loopback and private addresses) are allowed in the"
            + " embedded stack");
    functions = parts.functions(bootstrap());
    status =
        status
            .withFunctions(new StackStatus.Functions(functions.url(), functions.runtimePid()))
            .with(StackStatus.RUNNING, null);
    status.write(dataDir);
    LOG.info("stack running: {}", status.toJson());
  }

  /**
   * A broker, bridge or functions runtime that died (killed, out of memory) is started again on the
   * same port and data: the broker's log and the bridge's stores survive a kill, and the dispatch
   * job reconnects by itself through its restart strategy, resuming from its last checkpoint.
   */
  private void restartWhatDied() {
    if (stopping.get()) {
      return;
    }
    if (broker != null && !broker.isAlive()) {
      restart(
          "kafka",
          "the Kafka broker",
          broker.pid(),
          () -> {
            broker = parts.broker();
            status =
                status.withKafka(new StackStatus.Kafka(broker.bootstrapServers(), broker.pid()));
          });
    }
    if (!bridge.isAlive()) {
      restart(
          "bridge",
          "the HTTP bridge",
          bridge.pid(),
          () -> {
            bridge = parts.bridge(bootstrap());
            status = status.withBridge(new StackStatus.Bridge(bridge.url(), bridge.pid()));
          });
    }
    if (!functions.isAlive()) {
      restart(
          "functions",
          "the Stateful Functions runtime",
          functions.runtimePid(),
          () -> {
            functions.close();
            functions = parts.functions(bootstrap());
            status =
                status.withFunctions(
                    new StackStatus.Functions(functions.url(), functions.runtimePid()));
          });
    }
  }

  /** Says in the status file that {@code part} is restarting, restarts it, then that it runs. */
  private void restart(String part, String name, long pid, Runnable start) {
    LOG.warn("{} (pid {}) is gone; starting it again", name, pid);
    status = status.with(StackStatus.RUNNING, "restarting " + part);
    status.write(dataDir);
    start.run();
    status = status.with(StackStatus.RUNNING, null);
    status.write(dataDir);
    LOG.info("{} running again", name);
  }

  /** The stop request and the shutdown hook may both get here: the second waits for the first. */
  private void stopAll() {
    if (!stopping.compareAndSet(false, true)) {
      try {
        stopped.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      stopInOrder();
    } finally {
      stopped.countDown();
    }
  }

  private void stopInOrder() {
    boolean failed = StackStatus.FAILED.equals(status.state());
    status = status.with(failed ? StackStatus.FAILED : StackStatus.STOPPING, "stopping");
    status.write(dataDir);
    if (bridge != null) {
      bridge.close(); // no new writes while the job takes its savepoint
    }
    if (functions != null) {
      functions.close(); // its checkpoints stay; the next start resumes from the latest
    }
    if (job != null) {
      job.stop(Duration.ofSeconds(60));
    }
    if (janitor != null) {
      janitor.close();
    }
    if (broker != null) {
      broker.close();
    }
    status = status.with(failed ? StackStatus.FAILED : StackStatus.STOPPED, null);
    status.write(dataDir);
    LOG.info("stack stopped");
  }
}
