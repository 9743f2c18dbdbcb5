package io.fleetstream.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that shapes one embedded broker.
 *
 * @param dataDir holds the log segments, the generated server.properties and broker.log; reusing a
 *     directory restarts the same cluster with its data
 * @param port the client listener port; 0 picks a free one
 * @param controllerPort the KRaft controller port; 0 picks a free one
 * @param defaultPartitions partitions of topics created without an explicit count
 * @param heap the child's maximum heap, e.g. {@code 512m}
 * @param startTimeout how long {@link KafkaBroker#start()} waits for the broker to serve requests
 * @param overrides extra broker properties, applied last
 * @param stopOnJvmExit stop the broker from a shutdown hook of this JVM; turn off when the caller
 *     orders its own shutdown (the child still exits if this JVM dies)
 * @param detached the broker outlives this JVM (no hook, no watchdog): a command that starts a
 *     cluster and returns ({@code bin/fleetstream cluster up}); it is stopped by its pid
 * @param saslPlain null for a plaintext listener without authentication; else the one user (name,
 *     password) the client listener accepts, over SASL/PLAIN
 */
public record BrokerConfig(
    Path dataDir,
    int port,
    int controllerPort,
    int defaultPartitions,
    String heap,
    Duration startTimeout,
    Map<String, String> overrides,
    boolean stopOnJvmExit,
    boolean detached,
    Credentials saslPlain) {

  /** A SASL/PLAIN user. */
  public record Credentials(String username, String password) {
    public Credentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    /** Never the password. */
    @Override
    public String toString() {
      return "Credentials[" + username + "]";
    }
  }

  public BrokerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    overrides = Map.copyOf(overrides);
    if (port < 0 || port > 65535 || controllerPort < 0 || controllerPort > 65535) {
      throw new IllegalArgumentException("ports must be in 0..65535");
    }
  }
}
