package io.fleetstream.connectors.kafka.internal;

import io.fleetstream.connectors.kafka.HangingTransactions;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.kafka.sink.internal.FlinkKafkaInternalProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.internals.TransactionManager;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the commit marker a committed transaction is missing on a partition, the only way a client
 * can: as the transaction's own producer (its transactional id, producer id and epoch — Flink's
 * {@link FlinkKafkaInternalProducer} resumes a transaction so, for its recovery), adding the
 * partition to a transaction again and committing it. On transactions v1 a producer may start a new
 * transaction with the epoch of its last committed one, so the coordinator takes the partition and
 * writes a commit marker for that producer and epoch there: the records left open become committed.
 * Nothing is written but the marker.
 */
public final class MarkerRepair {

  private MarkerRepair() {}

  /** The cluster's finalized {@code transaction.version} (0 when it has none). */
  public static int transactionVersion(Admin admin) throws Exception {
    FinalizedVersionRange range =
        admin
            .describeFeatures()
            .featureMetadata()
            .get(15, TimeUnit.SECONDS)
            .finalizedFeatures()
            .get("transaction.version");
    return range == null ? 0 : range.maxVersionLevel();
  }

  /**
   * Commits one transaction where it hangs: every entry of {@code partitions} is the same
   * transactional id, producer id and coordinator epoch (transactions v1). One resumed producer
   * adds all of its partitions and commits once, so the coordinator writes the markers in one go.
   */
  public static void commit(
      Map<String, Object> clientSettings, List<HangingTransactions.Hanging> partitions)
      throws Exception {
    HangingTransactions.Hanging first = partitions.get(0);
    for (HangingTransactions.Hanging h : partitions) {
      if (h.producerId() != first.producerId()
          || h.coordinatorProducerEpoch() != first.coordinatorProducerEpoch()
          || !h.transactionalId().equals(first.transactionalId())) {
        throw new IllegalArgumentException("not one transaction: " + first + " and " + h);
      }
    }
    Properties props = new Properties();
    props.putAll(clientSettings);
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("enable.idempotence", "true");
    props.put("acks", "all");
    props.put("max.block.ms", "30000");
    try (FlinkKafkaInternalProducer<byte[], byte[]> producer =
        new FlinkKafkaInternalProducer<>(props, first.transactionalId())) {
      // The coordinator's epoch: the partitions', or one more where transactions v2 bumped it at
      // the commit (a marker of a later epoch closes the open transaction all the same).
      producer.resumeTransaction(first.producerId(), (short) first.coordinatorProducerEpoch());
      TransactionManager manager = transactionManager(producer);
      partitions.forEach(h -> manager.maybeAddPartition(h.partition()));
      producer.flush(); // sends the AddPartitionsToTxn request for the partitions, and waits
      producer.commitTransaction();
    }
  }

  private static TransactionManager transactionManager(KafkaProducer<?, ?> producer)
      throws ReflectiveOperationException {
    Field field = KafkaProducer.class.getDeclaredField("transactionManager");
    field.setAccessible(true);
    return (TransactionManager) field.get(producer);
  }
}
