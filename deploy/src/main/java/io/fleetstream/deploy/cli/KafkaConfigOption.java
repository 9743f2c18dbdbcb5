package io.fleetstream.deploy.cli;

import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.connectors.kafka.KafkaSecurity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE}: the client security settings (SASL, TLS) of a Kafka cluster named
 * with {@code --kafka}, for every client the command and the processes it starts make (see {@link
 * KafkaSecurity}). Also checks, before anything starts, that the cluster answers with them.
 */
public final class KafkaConfigOption {

  /** How long an external Kafka cluster has to answer before a command gives up on it. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client settings for a cluster that needs authentication or TLS: a properties file"
              + " with security.protocol, sasl.* and ssl.* (as kafka-console-producer"
              + " --command-config takes), used by every client of the stack. Default: the file"
              + " FLEETSTREAM_KAFKA_CONFIG names, if any.")
  Path file;

  /**
   * Takes the settings (if any) for this process and the ones it starts, then checks that {@code
   * bootstrap} answers with them; on failure prints why and returns false.
   */
  boolean apply(String bootstrap, PrintWriter err) {
    KafkaSecurity security;
    try {
      if (file != null && bootstrap == null) {
        throw new IllegalArgumentException(
            "--kafka-config is for a Kafka cluster named with --kafka; the embedded broker needs"
                + " none");
      }
      security = file != null ? KafkaSecurity.use(file) : KafkaSecurity.current();
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return false;
    }
    if (bootstrap == null) {
      return true;
    }
    String problem = probe(bootstrap, PROBE_TIMEOUT);
    if (problem == null) {
      return true;
    }
    err.println(
        "error: Kafka at "
            + bootstrap
            + " did not answer: "
            + problem
            + (security.isEmpty()
                ? ". If it needs authentication or TLS, give its client settings with"
                    + " --kafka-config FILE."
                : " (with " + security + ")."));
    err.flush();
    return false;
  }

  /** Null when the cluster describes itself within {@code timeout}, else what went wrong. */
  static String probe(String bootstrap, Duration timeout) {
    Properties p = KafkaClientSettings.admin(bootstrap);
    p.setProperty(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    try (Admin admin = Admin.create(p)) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    } catch (TimeoutException e) {
      return "no answer within " + timeout.toSeconds() + " s";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }
}
