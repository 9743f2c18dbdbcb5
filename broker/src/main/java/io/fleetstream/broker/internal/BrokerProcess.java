package io.fleetstream.broker.internal;

import io.fleetstream.broker.BrokerConfig;
import io.fleetstream.broker.process.ChildJvm;
import io.fleetstream.broker.process.LocalPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The parent's handle on the broker child JVM: how it is launched, awaited and stopped. */
public final class BrokerProcess {

  private static final String CLASSPATH_RESOURCE = "/io/fleetstream/broker/broker.classpath";
  private static final String LOG_CONFIG = "classpath:io/fleetstream/broker/log4j2-broker.xml";

  private final ChildJvm child;
  private final int port;

  private BrokerProcess(ChildJvm child, int port) {
    this.child = child;
    this.port = port;
  }

  public static BrokerProcess start(BrokerConfig config) {
    try {
      Path dir = config.dataDir().toAbsolutePath();
      Files.createDirectories(dir);
      Ports ports = Ports.resolve(dir, config.port(), config.controllerPort());
      Path properties = writeServerProperties(dir, ports, config);
      Path readyFile = dir.resolve("broker.ready");
      List<String> mainArgs =
          new ArrayList<>(
              List.of(
                  properties.toString(),
                  // 0: no parent to watch (a detached broker)
                  Long.toString(config.detached() ? 0 : ProcessHandle.current().pid()),
                  readyFile.toString()));
      if (config.saslPlain() != null) {
        mainArgs.add(writeClientConfig(dir, config.saslPlain()).toString());
      }
      ChildJvm child =
          ChildJvm.start(
              "Kafka broker",
              dir,
              List.of(
                  "-Xmx" + config.heap(),
                  "-XX:+UseG1GC",
                  "-Djava.awt.headless=true",
                  "-Dlog4j2.configurationFile=" + LOG_CONFIG,
                  "-Dlog4j2.shutdownHookEnabled=false"),
              ChildJvm.classpath(BrokerMain.class, CLASSPATH_RESOURCE),
              BrokerMain.class.getName(),
              mainArgs,
              dir.resolve("broker.log"),
              readyFile,
              config.startTimeout(),
              config.stopOnJvmExit());
      return new BrokerProcess(child, ports.port());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kafka broker", e);
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return child.pid();
  }

  public boolean isAlive() {
    return child.isAlive();
  }

  /**
   * Asks the broker to shut down (SIGTERM), then kills it and anything it started if it lingers.
   */
  public void stop(Duration grace) {
    child.stop(grace);
  }

  private static Path writeServerProperties(Path dir, Ports ports, BrokerConfig config)
      throws IOException {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + ports.controllerPort());
    BrokerConfig.Credentials sasl = config.saslPlain();
    String client = sasl == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
    p.setProperty(
        "listeners",
        client
            + "://127.0.0.1:"
            + ports.port()
            + ",CONTROLLER://127.0.0.1:"
            + ports.controllerPort());
    p.setProperty("advertised.listeners", client + "://127.0.0.1:" + ports.port());
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", client);
    p.setProperty(
        "listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
    if (sasl != null) {
      // One user, accepted by the client listener and used by the broker for itself.
      p.setProperty("sasl.enabled.mechanisms", "PLAIN");
      p.setProperty("sasl.mechanism.inter.broker.protocol", "PLAIN");
      p.setProperty(
          "listener.name.sasl_plaintext.plain.sasl.jaas.config",
          plainLogin(sasl) + " user_" + sasl.username() + "=" + quoted(sasl.password()) + ";");
    }
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

  /** Where a SASL broker writes the client properties its clients need. */
  public static Path clientConfigFile(Path dataDir) {
    return dataDir.toAbsolutePath().resolve("client.properties");
  }

  private static Path writeClientConfig(Path dir, BrokerConfig.Credentials sasl)
      throws IOException {
    Properties p = new Properties();
    p.setProperty("security.protocol", "SASL_PLAINTEXT");
    p.setProperty("sasl.mechanism", "PLAIN");
    p.setProperty("sasl.jaas.config", plainLogin(sasl) + ";");
    Path file = clientConfigFile(dir);
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "client settings for the embedded broker's SASL/PLAIN listener");
    }
    return file;
  }

  private static String plainLogin(BrokerConfig.Credentials sasl) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username="
        + quoted(sasl.username())
        + " password="
        + quoted(sasl.password());
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
