package io.fleetstream.broker.internal;

import io.fleetstream.broker.BrokerConfig;
import io.fleetstream.broker.process.LocalPorts;
import io.fleetstream.broker.process.ProcessTree;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The parent's handle on the broker child JVM: how it is launched, awaited and stopped. */
public final class BrokerProcess {

  private static final String CLASSPATH_RESOURCE = "/io/fleetstream/broker/broker.classpath";
  private static final String LOG_CONFIG = "classpath:io/fleetstream/broker/log4j2-broker.xml";

  private final Process process;
  private final int port;
  private final Thread shutdownHook;

  private BrokerProcess(Process process, int port, boolean stopOnJvmExit) {
    this.process = process;
    this.port = port;
    this.shutdownHook =
        stopOnJvmExit
            ? new Thread(() -> stop(Duration.ofSeconds(10)), "fleetstream-broker-stopper")
            : null;
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  public static BrokerProcess start(BrokerConfig config) {
    try {
      Path dir = config.dataDir().toAbsolutePath();
      Files.createDirectories(dir);
      Ports ports = Ports.resolve(dir, config.port(), config.controllerPort());
      Path properties = writeServerProperties(dir, ports, config);
      Path readyFile = dir.resolve("broker.ready");
      Files.deleteIfExists(readyFile);
      Path log = dir.resolve("broker.log");

      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx" + config.heap());
      command.add("-XX:+UseG1GC");
      command.add("-Djava.awt.headless=true");
      command.add("-Dlog4j2.configurationFile=" + LOG_CONFIG);
      command.add("-Dlog4j2.shutdownHookEnabled=false");
      command.add("-cp");
      command.add(childClasspath());
      command.add(BrokerMain.class.getName());
      command.add(properties.toString());
      command.add(Long.toString(ProcessHandle.current().pid()));
      command.add(readyFile.toString());

      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      BrokerProcess broker = new BrokerProcess(process, ports.port(), config.stopOnJvmExit());
      broker.awaitReady(readyFile, log, config.startTimeout());
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kafka broker", e);
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Asks the broker to shut down (SIGTERM), then kills it and anything it started if it lingers.
   */
  public void stop(Duration grace) {
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or about to; stopping twice is harmless
      }
    }
    ProcessTree.stop(process.toHandle(), grace);
  }

  private void awaitReady(Path readyFile, Path log, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    try {
      while (!Files.exists(readyFile)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the Kafka broker exited with code "
                  + process.exitValue()
                  + " before it was ready; last lines of "
                  + log
                  + ":\n"
                  + tail(log));
        }
        if (Instant.now().isAfter(deadline)) {
          stop(Duration.ofSeconds(5));
          throw new IllegalStateException(
              "the Kafka broker was not ready within "
                  + timeout
                  + "; last lines of "
                  + log
                  + ":\n"
                  + tail(log));
        }
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(Duration.ofSeconds(5));
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
  }

  private static Path writeServerProperties(Path dir, Ports ports, BrokerConfig config)
      throws IOException {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + ports.controllerPort());
    p.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + ports.port()
            + ",CONTROLLER://127.0.0.1:"
            + ports.controllerPort());
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports.port());
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("kafka-logs").toString());
    p.setProperty("num.partitions", Integer.toString(config.defaultPartitions()));
    p.setProperty("auto.create.topics.enable", "false");
    // Single node: every internal topic has one replica, and few partitions so start-up stays fast.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "4");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("transaction.max.timeout.ms", "900000");
    // Kafka leaves writing its logs to the kernel, which writes back what turned 30 s old in one
    // burst — about 1 GB at 50,000 pings/s — and that burst stalled file writes on the same disk
    // (checkpoints' included) for up to half a second, every 30 s. Syncing each log every second
    // spreads the same writes out.
    p.setProperty("log.flush.interval.ms", "1000");
    p.setProperty("log.flush.scheduler.interval.ms", "1000");
    for (Map.Entry<String, String> e : config.overrides().entrySet()) {
      p.setProperty(e.getKey(), e.getValue());
    }
    Path file = dir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(
          out, "written by Fleetstream for the embedded broker; edits are overwritten at start");
    }
    return file;
  }

  private static String childClasspath() {
    try (InputStream in = BrokerProcess.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASSPATH_RESOURCE + " is missing: build the broker module with Maven first");
      }
      String brokerJars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      String ownCode =
          Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
      return ownCode + File.pathSeparator + brokerJars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** The two listener ports; free ones are picked once per data directory and then kept. */
  record Ports(int port, int controllerPort) {

    static Ports resolve(Path dir, int port, int controllerPort) throws IOException {
      Path file = dir.resolve("ports.properties");
      Properties saved = new Properties();
      if (Files.exists(file)) {
        try (var in = Files.newBufferedReader(file)) {
          saved.load(in);
        }
      }
      int p = port != 0 ? port : Integer.parseInt(saved.getProperty("port", "0"));
      int c =
          controllerPort != 0
              ? controllerPort
              : Integer.parseInt(saved.getProperty("controller.port", "0"));
      if (p == 0 || !LocalPorts.isFree(p)) {
        p = port != 0 ? p : LocalPorts.freePort();
      }
      if (c == 0 || !LocalPorts.isFree(c)) {
        c = controllerPort != 0 ? c : LocalPorts.freePort();
      }
      saved.setProperty("port", Integer.toString(p));
      saved.setProperty("controller.port", Integer.toString(c));
      try (var out = Files.newBufferedWriter(file)) {
        saved.store(out, "ports of the embedded broker, reused on restart");
      }
      return new Ports(p, c);
    }
  }
}
