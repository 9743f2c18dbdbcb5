package io.fleetstream.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.broker.KafkaBroker;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.kafka.sink.internal.FlinkKafkaInternalProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hanging transactions on a real broker, made the way a lost marker leaves them: records of a
 * producer's transaction on a partition the coordinator does not count in that transaction, so its
 * commit (or abort) writes no marker there and the partition's last stable offset stays behind
 * them. (The broker's check that a partition was added before it takes a transaction's records is
 * switched off here, as a restart that loses the coordinator's record of it amounts to.)
 */
class HangingTransactionsITCase {

  private static Path dataDir;
  private static KafkaBroker broker;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("fleetstream-hanging-");
    broker =
        KafkaBroker.builder()
            .dataDir(dataDir)
            .brokerProperty("transaction.partition.verification.enable", "false")
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aCommittedTransactionMissingItsMarkerIsCommittedThereOnceAndNothingElseIsTouched()
      throws Exception {
    String hung = createTopic("hung-commit");
    String other = createTopic("other-commit");
    String busy = createTopic("busy-commit");
    hangingTransaction("tx-commit", other, true, hung);
    assertThat(readCommitted(hung)).as("held back by the open transaction").isEmpty();
    // A transaction in progress right now: not hanging, whatever its age.
    FlinkKafkaInternalProducer<String, String> ongoing = producer("tx-ongoing");
    ongoing.initTransactions();
    ongoing.beginTransaction();
    ongoing.send(new ProducerRecord<>(busy, "k", "in-progress"));
    ongoing.flush();

    HangingTransactions janitor = HangingTransactions.of(client(), Duration.ZERO);
    List<HangingTransactions.Hanging> found = janitor.find(List.of(hung, other, busy));
    assertThat(found).hasSize(1);
    assertThat(found.get(0).partition()).isEqualTo(new TopicPartition(hung, 0));
    assertThat(found.get(0).transactionalId()).isEqualTo("tx-commit");
    assertThat(found.get(0).committed()).isTrue();

    List<HangingTransactions.Repair> repairs = janitor.repair(List.of(hung, other, busy));
    assertThat(repairs)
        .extracting(HangingTransactions.Repair::outcome)
        .containsExactly("committed");
    assertThat(readCommitted(hung)).containsExactly("after-the-marker-was-lost");
    assertThat(readCommitted(other)).containsExactly("with-its-marker");
    assertThat(janitor.find(List.of(hung, other, busy))).isEmpty();

    ongoing.commitTransaction();
    ongoing.close(Duration.ZERO);
    assertThat(readCommitted(busy)).containsExactly("in-progress");
  }

  @Test
  void aCommittedTransactionMissingItsMarkersOnTwoPartitionsIsCommittedOnBoth() throws Exception {
    String first = createTopic("hung-twice-1");
    String second = createTopic("hung-twice-2");
    String other = createTopic("other-twice");
    hangingTransaction("tx-twice", other, true, first, second);

    HangingTransactions janitor = HangingTransactions.of(client(), Duration.ZERO);
    assertThat(janitor.find(List.of(first, second, other)))
        .extracting(h -> h.partition().topic())
        .containsExactlyInAnyOrder(first, second);
    assertThat(janitor.repair(List.of(first, second, other)))
        .extracting(HangingTransactions.Repair::outcome)
        .containsExactly("committed", "committed");
    assertThat(readCommitted(first)).containsExactly("after-the-marker-was-lost");
    assertThat(readCommitted(second)).containsExactly("after-the-marker-was-lost");
    assertThat(readCommitted(other)).containsExactly("with-its-marker");
    assertThat(janitor.find(List.of(first, second, other))).isEmpty();
  }

  @Test
  void anAbortedTransactionMissingItsMarkerIsAbortedThere() throws Exception {
    String hung = createTopic("hung-abort");
    String other = createTopic("other-abort");
    hangingTransaction("tx-abort", other, false, hung);

    HangingTransactions janitor = HangingTransactions.of(client(), Duration.ZERO);
    List<HangingTransactions.Repair> repairs = janitor.repair(List.of(hung, other));
    assertThat(repairs).extracting(HangingTransactions.Repair::outcome).containsExactly("aborted");
    try (Admin admin = Admin.create(client())) {
      TopicPartition p = new TopicPartition(hung, 0);
      assertThat(
              admin
                  .describeProducers(List.of(p))
                  .partitionResult(p)
                  .get(15, TimeUnit.SECONDS)
                  .activeProducers())
          .allMatch(s -> s.currentTransactionStartOffset().isEmpty());
    }
    produceCommitted(hung, "later");
    assertThat(readCommitted(hung)).containsExactly("later");
  }

  @Test
  void aTransactionOpenForLessThanTheMinimumAgeIsNotLookedAt() throws Exception {
    String hung = createTopic("hung-young");
    String other = createTopic("other-young");
    hangingTransaction("tx-young", other, true, hung);
    assertThat(HangingTransactions.of(client(), Duration.ofMinutes(5)).find(List.of(hung)))
        .isEmpty();
    assertThat(HangingTransactions.of(client(), Duration.ZERO).repair(List.of(hung))).hasSize(1);
  }

  /**
   * A transaction of {@code transactionalId} with one record on {@code other} (added as usual) and
   * one on each of {@code hung} written without the coordinator knowing, then committed or aborted.
   */
  private static void hangingTransaction(
      String transactionalId, String other, boolean commit, String... hung) throws Exception {
    FlinkKafkaInternalProducer<String, String> owner = producer(transactionalId);
    owner.initTransactions();
    owner.beginTransaction();
    owner.send(new ProducerRecord<>(other, "k", "with-its-marker"));
    owner.flush();
    try (FlinkKafkaInternalProducer<String, String> lost = producer(transactionalId)) {
      lost.resumeTransaction(owner.getProducerId(), owner.getEpoch());
      for (String topic : hung) {
        partitionsInTransaction(lost).add(new TopicPartition(topic, 0));
        lost.send(new ProducerRecord<>(topic, 0, "k", "after-the-marker-was-lost")).get();
      }
    }
    if (commit) {
      owner.commitTransaction();
    } else {
      owner.abortTransaction();
    }
    owner.close(Duration.ZERO);
    // The coordinator writes the markers after answering: until then {@code other} is open too,
    // and with no minimum age the janitor would rightly take it for hanging as well.
    TopicPartition closed = new TopicPartition(other, 0);
    try (Admin admin = Admin.create(client())) {
      await("the marker on " + other)
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  admin
                      .describeProducers(List.of(closed))
                      .partitionResult(closed)
                      .get(15, TimeUnit.SECONDS)
                      .activeProducers()
                      .stream()
                      .allMatch(p -> p.currentTransactionStartOffset().isEmpty()));
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<TopicPartition> partitionsInTransaction(KafkaProducer<?, ?> producer)
      throws ReflectiveOperationException {
    Field manager = KafkaProducer.class.getDeclaredField("transactionManager");
    manager.setAccessible(true);
    Object transactionManager = manager.get(producer);
    Field partitions = transactionManager.getClass().getDeclaredField("partitionsInTransaction");
    partitions.setAccessible(true);
    return (Set<TopicPartition>) partitions.get(transactionManager);
  }

  private static void produceCommitted(String topic, String value) throws Exception {
    try (FlinkKafkaInternalProducer<String, String> p = producer("tx-later-" + topic)) {
      p.initTransactions();
      p.beginTransaction();
      p.send(new ProducerRecord<>(topic, "k", value));
      p.commitTransaction();
    }
  }

  private static Map<String, Object> client() {
    return Map.of("bootstrap.servers", broker.bootstrapServers());
  }

  private static FlinkKafkaInternalProducer<String, String> producer(String transactionalId) {
    return Transactional.producer(broker.bootstrapServers(), transactionalId);
  }

  private static String createTopic(String name) throws Exception {
    return Transactional.createTopic(broker.bootstrapServers(), name);
  }

  private static List<String> readCommitted(String topic) {
    return Transactional.readCommitted(broker.bootstrapServers(), topic);
  }
}
