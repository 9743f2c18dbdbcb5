package io.fleetstream.broker;

import io.fleetstream.broker.internal.BrokerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real single-node Kafka broker (KRaft combined mode, 127.0.0.1 only) in a child JVM. The child
 * dies with its parent: a shutdown hook stops it, and the child itself exits when it sees the
 * parent process gone (so even {@code kill -9} of the parent leaves no orphan).
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.builder().dataDir(dir).build().start()) {
 *   String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

  private final BrokerConfig config;
  private BrokerProcess process;

  private KafkaBroker(BrokerConfig config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the child JVM and returns once the broker answers metadata requests. */
  public KafkaBroker start() {
    if (process != null) {
      throw new IllegalStateException("already started");
    }
    process = BrokerProcess.start(config);
    return this;
  }

  /** {@code host:port} for Kafka clients. */
  public String bootstrapServers() {
    return "127.0.0.1:" + running().port();
  }

  public int port() {
    return running().port();
  }

  /** Operating-system id of the broker's JVM. */
  public long pid() {
    return running().pid();
  }

  public Path dataDir() {
    return config.dataDir();
  }

  /**
   * The client properties file a client of this broker needs ({@code security.protocol}, {@code
   * sasl.*}), or null for a plaintext broker: what {@code --kafka-config} takes.
   */
  public Path clientConfig() {
    return config.saslPlain() == null ? null : BrokerProcess.clientConfigFile(config.dataDir());
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Stops the broker gracefully (controlled shutdown), killing it if it does not stop in time. */
  @Override
  public void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(30));
    }
  }

  private BrokerProcess running() {
    if (process == null) {
      throw new IllegalStateException("broker not started");
    }
    return process;
  }

  /** Builds a {@link KafkaBroker}; every setting has a default that suits a test. */
  public static final class Builder {
    private Path dataDir;
    private int port;
    private int controllerPort;
    private int defaultPartitions = 4;
    private String heap = "512m";
    private Duration startTimeout = Duration.ofSeconds(90);
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private boolean stopOnJvmExit = true;
    private boolean detached;
    private BrokerConfig.Credentials saslPlain;

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder controllerPort(int controllerPort) {
      this.controllerPort = controllerPort;
      return this;
    }

    public Builder defaultPartitions(int defaultPartitions) {
      this.defaultPartitions = defaultPartitions;
      return this;
    }

    public Builder heap(String heap) {
      this.heap = heap;
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    public Builder brokerProperty(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /**
     * Whether a shutdown hook stops the broker when this JVM exits (default true). A caller that
     * must stop other things first (a job writing to the broker) turns it off and calls close().
     */
    public Builder stopOnJvmExit(boolean stop) {
      this.stopOnJvmExit = stop;
      return this;
    }

    /**
     * A broker that outlives this JVM: no shutdown hook and no watchdog on this process. Whoever
     * started it stops it by its {@link KafkaBroker#pid()} (SIGTERM is a controlled shutdown).
     */
    public Builder detached() {
      this.detached = true;
      this.stopOnJvmExit = false;
      return this;
    }

    /**
     * A broker that, like a secured production cluster, accepts clients only over SASL/PLAIN as
     * this one user (the broker itself talks to itself as that user too). {@link
     * KafkaBroker#clientConfig()} then names a client properties file with the credentials.
     */
    public Builder saslPlain(String username, String password) {
      this.saslPlain = new BrokerConfig.Credentials(username, password);
      return this;
    }

    public KafkaBroker build() {
      Path dir = dataDir;
      if (dir == null) {
        try {
          dir = Files.createTempDirectory("fleetstream-kafka-");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return new KafkaBroker(
          new BrokerConfig(
              dir,
              port,
              controllerPort,
              defaultPartitions,
              heap,
              startTimeout,
              overrides,
              stopOnJvmExit,
              detached,
              saslPlain));
    }
  }
}
