package io.fleetstream.connectors.flink;

import io.fleetstream.connectors.flink.internal.KafkaRecordTypes;
import io.fleetstream.connectors.flink.internal.OutboundRecordSerializer;
import io.fleetstream.connectors.flink.internal.RawRecordDeserializer;
import io.fleetstream.connectors.kafka.KafkaSecurity;
import io.fleetstream.connectors.kafka.OutboundRecord;
import io.fleetstream.connectors.kafka.RawRecord;
import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Kafka sources and sinks for Fleetstream jobs. Sources hand over records unparsed (validation and
 * the dead-letter path are the job's business); sinks write transactionally, exactly once.
 */
public final class FleetstreamKafka {

  /** Kafka's default cap on transaction timeouts is 15 minutes; stay under it. */
  public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(14);

  /**
   * Type information of the records the sources read; a copy between chained operators shares the
   * record instead of copying its bytes.
   */
  public static final TypeInformation<RawRecord> RAW_RECORDS = KafkaRecordTypes.RAW;

  /** Type information of the records the sinks write (as {@link #RAW_RECORDS}). */
  public static final TypeInformation<OutboundRecord> OUTBOUND_RECORDS = KafkaRecordTypes.OUTBOUND;

  private FleetstreamKafka() {}

  /**
   * Reads the given topics as raw records with read_committed isolation, starting from the group's
   * committed offsets (or the earliest offset for a new group).
   */
  public static KafkaSource<RawRecord> rawSource(
      String bootstrapServers, String groupId, Topic... topics) {
    return rawSource(
        bootstrapServers,
        groupId,
        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST),
        topics);
  }

  /**
   * Reads the given topics as raw records with read_committed isolation from {@code start} (a
   * restore from a checkpoint or savepoint overrides it with the snapshot's offsets).
   */
  public static KafkaSource<RawRecord> rawSource(
      String bootstrapServers, String groupId, OffsetsInitializer start, Topic... topics) {
    List<String> names = Arrays.stream(topics).map(Topic::topicName).toList();
    var source =
        KafkaSource.<RawRecord>builder()
            .setBootstrapServers(bootstrapServers)
            .setGroupId(groupId)
            .setTopics(names)
            .setStartingOffsets(start)
            .setDeserializer(new RawRecordDeserializer())
            .setProperty("isolation.level", "read_committed")
            .setProperty("partition.discovery.interval.ms", "30000")
            .setClientIdPrefix(groupId);
    // Taken where the job graph is built and shipped in it to the task managers.
    KafkaSecurity.current().settings().forEach(source::setProperty);
    return source.build();
  }

  /**
   * Writes each record to its own topic inside Kafka transactions committed with Flink checkpoints:
   * readers with read_committed isolation see every output exactly once, also across failures.
   *
   * @param transactionalIdPrefix unique per job and stable across its restarts
   */
  public static KafkaSink<OutboundRecord> exactlyOnceSink(
      String bootstrapServers, String transactionalIdPrefix) {
    var sink =
        KafkaSink.<OutboundRecord>builder()
            .setBootstrapServers(bootstrapServers)
            .setRecordSerializer(new OutboundRecordSerializer())
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(transactionalIdPrefix);
    sinkProducerSettings().forEach(sink::setProperty);
    KafkaSecurity.current().settings().forEach(sink::setProperty);
    return sink.build();
  }

  /**
   * The producer settings of {@link #exactlyOnceSink} (beyond servers, serializers and
   * transactional id): for a client that must behave like the job's producers, such as the start-up
   * rehearsal that warms the Kafka client up.
   */
  public static Map<String, String> sinkProducerSettings() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
    p.put("enable.idempotence", "true");
    p.put("acks", "all");
    // Outputs become visible only when their checkpoint commits, and the sink flushes before
    // that, so waiting for fuller batches costs no latency and saves requests on both sides.
    p.put("linger.ms", "20");
    p.put("batch.size", Integer.toString(256 * 1024));
    return p;
  }
}
