package io.fleetstream.deploy.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetstream.connectors.flink.FleetstreamKafka;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A tenant's records on one Kafka cluster: read committed up to the end each partition has when
 * reading starts, turned into a backup file's lines and back, written by a transactional producer.
 */
final class TenantRecords {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final Duration POLL = Duration.ofMillis(200);

  private final String bootstrap;

  TenantRecords(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /**
   * Reads the tenant's committed records of a topic up to the end it has now, handing each to
   * {@code each} until it answers false; returns how many were handed over.
   */
  long read(
      KafkaConsumer<String, byte[]> consumer,
      Topic topic,
      String tenant,
      Predicate<ConsumerRecord<String, byte[]>> each) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      return 0; // a topic this cluster does not have holds nothing of the tenant
    }
    List<TopicPartition> partitions = new ArrayList<>();
    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the LSO
    String prefix = tenant + "/";
    long n = 0;
    while (!done(consumer, end)) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
          continue;
        }
        if (r.key() != null && r.key().startsWith(prefix)) {
          n++;
          if (!each.test(r)) {
            return n;
          }
        }
      }
    }
    return n;
  }

  private static boolean done(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  KafkaConsumer<String, byte[]> consumer() {
    // Partitions are assigned, nothing is committed.
    Properties p = KafkaClientSettings.assignedReadCommittedConsumer(bootstrap);
    // Reading must not create a topic the cluster lacks (brokers create topics on request by
    // default).
    p.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    return new KafkaConsumer<>(p);
  }

  static ObjectNode toLine(ConsumerRecord<String, byte[]> r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("topic", r.topic());
    n.put("partition", r.partition());
    n.put("offset", r.offset());
    n.put("timestamp", r.timestamp());
    n.put("key", r.key());
    n.put("value", r.value() == null ? null : B64.encodeToString(r.value()));
    if (r.headers().toArray().length > 0) {
      var headers = n.putArray("headers");
      for (Header h : r.headers()) {
        headers
            .addArray()
            .add(h.key())
            .add(h.value() == null ? null : B64.encodeToString(h.value()));
      }
    }
    return n;
  }

  /** A transactional producer for restoring the tenant's records (its own transactional id). */
  KafkaProducer<String, byte[]> producer(String tenant) {
    Properties p = KafkaClientSettings.producer(bootstrap);
    p.setProperty(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        "fleetstream-restore-" + tenant + "-" + UUID.randomUUID());
    p.setProperty(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
        Long.toString(FleetstreamKafka.TRANSACTION_TIMEOUT.toMillis()));
    return new KafkaProducer<>(p);
  }

  /** A checked record line as the record it was: topic, timestamp, key, value, headers. */
  static ProducerRecord<String, byte[]> fromLine(JsonNode r) {
    RecordHeaders headers = new RecordHeaders();
    for (JsonNode h : r.path("headers")) {
      headers.add(h.get(0).asText(), h.get(1).isNull() ? null : B64D.decode(h.get(1).asText()));
    }
    return new ProducerRecord<>(
        r.get("topic").asText(),
        null,
        r.get("timestamp").asLong(),
        r.get("key").asText(),
        r.get("value").isNull() ? null : B64D.decode(r.get("value").asText()),
        headers);
  }
}
