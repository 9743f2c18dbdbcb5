package io.fleetstream.broker.internal;

import io.fleetstream.broker.process.ParentWatchdog;
import java.io.FileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import kafka.Kafka;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Main class of the broker child JVM: formats storage on first use, starts Kafka, reports readiness
 * through a file, and exits when its parent dies. Runs only in the child.
 */
public final class BrokerMain {

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
              "--ignore-formatted"
            },
            System.out);
    if (code != 0) {
      System.err.println("formatting " + logDir + " failed with code " + code);
      System.exit(code);
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
