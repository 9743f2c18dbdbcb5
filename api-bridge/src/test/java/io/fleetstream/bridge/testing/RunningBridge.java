package io.fleetstream.bridge.testing;

import io.fleetstream.bridge.ApiBridge;
import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.connectors.kafka.TopicAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/** A real bridge on a free port against a real broker, with its data in a temporary directory. */
public final class RunningBridge implements AutoCloseable {

  private final ApiBridge bridge;
  private final Api api;

  private RunningBridge(ApiBridge bridge) {
    this.bridge = bridge;
    this.api = new Api(bridge.url()).operatorKey(operatorKey(bridge));
  }

  /** Creates the topics, starts a bridge and waits until it is ready. */
  public static RunningBridge start(
      String bootstrap, Path dataDir, UnaryOperator<BridgeConfig> tune) {
    TopicAdmin.builder().bootstrapServers(bootstrap).partitions(2).build().ensureTopics();
    BridgeConfig config = tune.apply(BridgeConfig.of(bootstrap, dataDir));
    ApiBridge bridge = ApiBridge.builder().config(config).build().start();
    Awaitility.await("bridge ready").atMost(Duration.ofSeconds(60)).until(bridge::ready);
    return new RunningBridge(bridge);
  }

  /**
   * A bridge whose accounts are not rate-limited, for tests whose waits poll: on a fast machine
   * they pass the default 60 requests a minute (burst 240) and 429s fail them. Rate limits are
   * ApiContractITCase's and BusinessFlowsITCase's subject.
   */
  public static RunningBridge unthrottled(String bootstrap) {
    return start(
        bootstrap,
        tempDir(),
        c -> c.withDefaultLimits(new BridgeConfig.Limits(600_000, 100_000, 1000)));
  }

  /** The admin key the bridge wrote at its first start. */
  public static String operatorKey(ApiBridge bridge) {
    try {
      return Files.readString(bridge.operatorKeyFile()).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fresh data directory, deleted when the test JVM exits (not at {@link #close()}: restart tests
   * start a second bridge on the first one's directory). Left behind, each build kept dozens of
   * them in the temporary folder, a few MB each.
   */
  public static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("fleetstream-bridge-test-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // the JVM is exiting: what cannot be deleted now stays, as it always did
    }
  }

  public Api api() {
    return api;
  }

  public ApiBridge bridge() {
    return bridge;
  }

  @Override
  public void close() {
    bridge.close();
  }
}
