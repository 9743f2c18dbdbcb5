package io.fleetstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker is a real Kafka: clients use it, it keeps data across restarts, it never
 * outlives its parent.
 */
class KafkaBrokerITCase {

  @TempDir Path dataDir;

  @Test
  void aRealBrokerServesClientsStopsCleanlyAndKeepsItsDataAcrossRestarts() throws Exception {
    int port;
    long pid;
    try (KafkaBroker broker = KafkaBroker.builder().dataDir(dataDir).build().start()) {
      port = broker.port();
      pid = broker.pid();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        admin
            .createTopics(List.of(new NewTopic("greetings", 1, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
        producer.send(new ProducerRecord<>("greetings", "k", "hello")).get(30, TimeUnit.SECONDS);
      }
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("broker pid %s alive after close", pid)
        .isFalse();
    assertThat(listening(port)).as("port %d after close", port).isFalse();

    try (KafkaBroker restarted = KafkaBroker.builder().dataDir(dataDir).build().start()) {
      assertThat(restarted.port()).as("a data directory keeps its address").isEqualTo(port);
      assertThat(readAll(restarted.bootstrapServers(), "greetings")).containsExactly("hello");
    }
  }

  /**
   * Flink's exactly-once sink needs transactions v1 (see {@code BrokerMain.TRANSACTION_VERSION}): a
   * new data directory is formatted with it, and one a Kafka 4 broker formatted with v2 is brought
   * down to it when the broker starts on it again.
   */
  @Test
  void theBrokerSpeaksTheTransactionsProtocolFlinksRecoveryExpects() throws Exception {
    try (KafkaBroker broker = KafkaBroker.builder().dataDir(dataDir).build().start()) {
      assertThat(transactionVersion(broker)).as("a new data directory").isEqualTo((short) 1);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        admin
            .updateFeatures(
                Map.of(
                    "transaction.version",
                    new FeatureUpdate((short) 2, FeatureUpdate.UpgradeType.UPGRADE)),
                new UpdateFeaturesOptions())
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      assertThat(transactionVersion(broker)).as("as Kafka 4 formats").isEqualTo((short) 2);
    }
    try (KafkaBroker restarted = KafkaBroker.builder().dataDir(dataDir).build().start()) {
      assertThat(transactionVersion(restarted)).as("after a restart").isEqualTo((short) 1);
    }
  }

  private static short transactionVersion(KafkaBroker broker) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      return admin
          .describeFeatures()
          .featureMetadata()
          .get(30, TimeUnit.SECONDS)
          .finalizedFeatures()
          .get("transaction.version")
          .maxVersionLevel();
    }
  }

  @Test
  void theBrokerDiesWithItsParentEvenWhenTheParentIsKilledHard() throws Exception {
    Process owner =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                BrokerOwner.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    long brokerPid;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
      brokerPid =
          out.lines()
              .filter(line -> line.startsWith(BrokerOwner.PID_LINE))
              .map(line -> Long.parseLong(line.substring(BrokerOwner.PID_LINE.length())))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("the owner process never reported a broker pid"));
      assertThat(ProcessHandle.of(brokerPid)).as("broker running").isPresent();

      owner.destroyForcibly(); // SIGKILL: no shutdown hook runs in the owner
      owner.waitFor(30, TimeUnit.SECONDS);

      await("broker " + brokerPid + " exits after its parent was killed")
          .atMost(Duration.ofSeconds(45))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> ProcessHandle.of(brokerPid).map(p -> !p.isAlive()).orElse(true));
    } finally {
      owner.destroyForcibly();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readAll(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      var values = new java.util.ArrayList<String>();
      org.awaitility.Awaitility.await("a record on " + topic)
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                  values.add(r.value());
                }
                return !values.isEmpty();
              });
      return values;
    }
  }
}
