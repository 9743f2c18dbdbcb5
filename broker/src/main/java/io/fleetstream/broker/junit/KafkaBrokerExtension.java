package io.fleetstream.broker.junit;

import io.fleetstream.broker.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One real Kafka broker per test class, in a fresh temporary directory that is removed afterwards
 * (the broker's log is kept when a test of the class failed).
 *
 * <pre>
 * {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}
 * </pre>
 */
public final class KafkaBrokerExtension
    implements BeforeAllCallback, AfterAllCallback, TestWatcher {

  private KafkaBroker broker;
  private int failedTests;
  private Path dataDir;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("fleetstream-test-kafka-");
    broker = KafkaBroker.builder().dataDir(dataDir).build().start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (broker != null) {
      broker.close();
    }
    if (context.getExecutionException().isPresent() || failedTests > 0) {
      keepLog(context.getRequiredTestClass().getSimpleName());
    }
    deleteRecursively(dataDir);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    failedTests++;
  }

  /**
   * A failed class's broker log goes to {@code target/broker-logs/}, next to the test reports: a
   * stall that fails a test is usually only explained by what the broker did meanwhile.
   */
  private void keepLog(String testClass) {
    Path log = dataDir == null ? null : dataDir.resolve("broker.log");
    if (log == null || !Files.exists(log)) {
      return;
    }
    try {
      Path kept = Files.createDirectories(Path.of("target", "broker-logs"));
      Path to = kept.resolve(testClass + "-broker.log");
      Files.copy(log, to, StandardCopyOption.REPLACE_EXISTING);
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      System.err.println(
          "the broker's log of failed "
              + testClass
              + " is kept in "
              + to.toAbsolutePath()
              + "; its last lines:");
      lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
    } catch (IOException e) {
      System.err.println("could not keep the broker's log of " + testClass + ": " + e);
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public KafkaBroker broker() {
    return broker;
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
