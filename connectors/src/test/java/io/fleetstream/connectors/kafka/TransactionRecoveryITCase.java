package io.fleetstream.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.flink.FleetstreamKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.kafka.sink.internal.FlinkKafkaInternalProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the exactly-once sink does on recovery, against the embedded broker: after a crash, Flink's
 * Kafka committer commits each transaction of the restored checkpoint again with a producer that
 * resumes it by producer id and epoch. Whether the crash came before or after the first commit, the
 * records must be there once and the second commit must be accepted: a refusal is logged by the
 * connector as likely data loss, which an operator reading the logs after a crash must be able to
 * believe.
 */
class TransactionRecoveryITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void aTransactionCommittedBeforeTheCrashIsAcceptedWhenRecoveryCommitsItAgain() throws Exception {
    String topic = createTopic("recommit-after-commit");
    long producerId;
    short epoch;
    try (FlinkKafkaInternalProducer<String, String> writer = producer("fs-test-0-7")) {
      writer.initTransactions();
      writer.beginTransaction();
      writer.send(new ProducerRecord<>(topic, "k", "committed-once"));
      writer.flush();
      // What the checkpoint stores of the transaction (KafkaCommittable).
      producerId = writer.getProducerId();
      epoch = writer.getEpoch();
      writer.commitTransaction();
    }

    try (FlinkKafkaInternalProducer<String, String> recovery = producer("fs-test-0-7")) {
      recovery.resumeTransaction(producerId, epoch);
      recovery.commitTransaction(); // a ProducerFencedException here is the false alarm
    }

    assertThat(readCommitted(topic)).containsExactly("committed-once");
  }

  @Test
  void aTransactionLeftOpenByTheCrashIsCommittedByRecovery() throws Exception {
    String topic = createTopic("recommit-open");
    FlinkKafkaInternalProducer<String, String> crashed = producer("fs-test-0-8");
    crashed.initTransactions();
    crashed.beginTransaction();
    crashed.send(new ProducerRecord<>(topic, "k", "pre-committed"));
    crashed.flush();
    long producerId = crashed.getProducerId();
    short epoch = crashed.getEpoch();
    // The writer dies here: no commit, no abort (closing a producer leaves its transaction open).
    crashed.close(Duration.ZERO);

    try (FlinkKafkaInternalProducer<String, String> recovery = producer("fs-test-0-8")) {
      recovery.resumeTransaction(producerId, epoch);
      recovery.commitTransaction();
    }

    assertThat(readCommitted(topic)).containsExactly("pre-committed");
  }

  private static FlinkKafkaInternalProducer<String, String> producer(String transactionalId) {
    Properties props = new Properties();
    props.putAll(FleetstreamKafka.sinkProducerSettings());
    props.put("bootstrap.servers", KAFKA.bootstrapServers());
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    return new FlinkKafkaInternalProducer<>(props, transactionalId);
  }

  private static String createTopic(String name) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    return name;
  }

  /** The topic's values as a read_committed reader sees them, read to the last stable offset. */
  private static List<String> readCommitted(String topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", KAFKA.bootstrapServers());
    props.put("isolation.level", "read_committed");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      // A read_committed reader's end offset is the last stable offset: everything committed.
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      Awaitility.await(topic + " read to its last stable offset")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  values.add(r.value());
                }
                return consumer.position(partition) >= end;
              });
    }
    return values;
  }
}
