package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.stack.StackStatus;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Kafka cluster a command reads or writes: {@code --kafka} (with {@code --kafka-config} when it
 * needs authentication or TLS), or the running stack's of {@code --data-dir}.
 */
final class KafkaTarget {

  @Mixin DataDirOption dir;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description = "The Kafka cluster with the topics (default: the running stack's).")
  String kafka;

  @Mixin KafkaConfigOption kafkaConfig = new KafkaConfigOption();

  /**
   * The bootstrap servers, its security settings taken and the cluster answering; null (with the
   * reason printed) otherwise.
   */
  String resolve(PrintWriter err) {
    String bootstrap = kafka;
    if (bootstrap == null) {
      bootstrap =
          StackStatus.read(dir.dataDir())
              .filter(s -> StackStatus.RUNNING.equals(s.state()))
              .map(s -> s.kafka().bootstrapServers())
              .orElse(null);
      if (bootstrap == null) {
        err.println(
            "error: no stack runs for "
                + dir.dataDir()
                + ": start one with 'bin/fleetstream up', or name a Kafka cluster with --kafka");
        err.flush();
        return null;
      }
    }
    return kafkaConfig.apply(bootstrap, err) ? bootstrap : null;
  }
}
