package io.fleetstream.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import org.apache.flink.connector.kafka.sink.internal.FlinkKafkaInternalProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    return Transactional.producer(KAFKA.bootstrapServers(), transactionalId);
  }

  private static String createTopic(String name) throws Exception {
    return Transactional.createTopic(KAFKA.bootstrapServers(), name);
  }

  private static List<String> readCommitted(String topic) {
    return Transactional.readCommitted(KAFKA.bootstrapServers(), topic);
  }
}
