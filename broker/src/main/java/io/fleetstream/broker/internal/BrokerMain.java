package io.fleetstream.broker.internal;

import io.fleetstream.broker.process.ParentWatchdog;
import java.io.FileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import kafka.Kafka;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Uuid;

/**
 * Main class of the broker child JVM: formats storage on first use, starts Kafka, reports readiness
 * through a file, and exits when its parent dies. Runs only in the child.
 */
public final class BrokerMain {

  /**
   * The transactions protocol the broker speaks. Flink's Kafka connector (5.0) resumes a
   * checkpoint's transaction on recovery with a v1 producer; on a v2 broker the commit of a
   * transaction that was already committed before the crash is refused as fenced, and the connector
   * logs it as likely data loss although nothing was lost (FLINK-40689; TransactionRecoveryITCase).
   * With v1 the second commit is accepted, as Flink expects.
   */
  public static final short TRANSACTION_VERSION = 1;

  static final String TRANSACTION_VERSION_FEATURE = "transaction.version";

  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3 && args.length != 4) {
      System.err.println(
          "usage: BrokerMain <server.properties> <parent-pid, 0 for none> <ready-file>"
              + " [<client.properties>]");
      System.exit(2);
    }
    Path properties = Path.of(args[0]);
    long parentPid = Long.parseLong(args[1]);
    Path readyFile = Path.of(args[2]);
    if (parentPid != 0) {
      ParentWatchdog.watch(
          parentPid,
          () ->
              System.out.println("parent process " + parentPid + " is gone; stopping the broker"));
    }

    Properties config = new Properties();
    try (FileReader in = new FileReader(properties.toFile())) {
      config.load(in);
    }
    formatStorageOnce(properties, Path.of(config.getProperty("log.dirs")));
    String bootstrap = config.getProperty("advertised.listeners").replaceFirst("^[A-Z_]+://", "");
    // A secured broker is ready when a client with its credentials is served.
    Properties client = new Properties();
    if (args.length == 4) {
      try (FileReader in = new FileReader(args[3])) {
        client.load(in);
      }
    }
    Thread readiness =
        new Thread(
            () -> reportWhenReady(bootstrap, client, readyFile), "fleetstream-broker-readiness");
    readiness.setDaemon(true);
    readiness.start();
    Kafka.main(new String[] {properties.toString()});
  }

  private static void formatStorageOnce(Path properties, Path logDir) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    int code =
        StorageTool.execute(
            new String[] {
              "format",
              "-t",
              Uuid.randomUuid().toString(),
              "-c",
              properties.toString(),
              "--feature",
              TRANSACTION_VERSION_FEATURE + "=" + TRANSACTION_VERSION,
              "--ignore-formatted"
            },
            System.out);
    if (code != 0) {
      System.err.println("formatting " + logDir + " failed with code " + code);
      System.exit(code);
    }
  }

  /**
   * Brings a data directory formatted before {@link #TRANSACTION_VERSION} was pinned (Kafka 4
   * formats with transactions v2) down to it, before any client of the stack connects. A broker
   * that refuses keeps working; only the false alarm on recovery remains, so it is said, not fatal.
   */
  private static void pinTransactionVersion(Admin admin) {
    try {
      FinalizedVersionRange finalized =
          admin
              .describeFeatures()
              .featureMetadata()
              .get()
              .finalizedFeatures()
              .get(TRANSACTION_VERSION_FEATURE);
      if (finalized != null && finalized.maxVersionLevel() > TRANSACTION_VERSION) {
        admin
            .updateFeatures(
                Map.of(
                    TRANSACTION_VERSION_FEATURE,
                    new FeatureUpdate(
                        TRANSACTION_VERSION, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                new UpdateFeaturesOptions())
            .all()
            .get();
        System.out.println(
            TRANSACTION_VERSION_FEATURE
                + " lowered from "
                + finalized.maxVersionLevel()
                + " to "
                + TRANSACTION_VERSION);
      }
    } catch (Exception e) {
      System.err.println("cannot pin " + TRANSACTION_VERSION_FEATURE + ": " + e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Ready means a client can fetch cluster metadata and a consumer group coordinator answers. The
   * second part creates Kafka's offsets topic now rather than at the first offset commit, which
   * would otherwise fail and be retried only at the next commit (seconds later for a Flink source).
   */
  private static void reportWhenReady(String bootstrap, Properties client, Path readyFile) {
    Properties props = new Properties();
    props.putAll(client);
    props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    try (Admin admin = Admin.create(props)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get().isEmpty()) {
            admin
                .listConsumerGroupOffsets("fleetstream-broker-readiness")
                .partitionsToOffsetAndMetadata()
                .get();
            break;
          }
        } catch (Exception notYet) {
          // the broker is still starting
        }
        Thread.sleep(Duration.ofMillis(100).toMillis());
      }
      pinTransactionVersion(admin);
      Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
      Files.writeString(tmp, bootstrap);
      Files.move(
          tmp, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      System.out.println("Kafka broker ready on " + bootstrap);
    } catch (IOException e) {
      System.err.println("cannot write " + readyFile + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
