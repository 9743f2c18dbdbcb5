package io.fleetstream.connectors.kafka;

import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The client settings Fleetstream's contract assumes: idempotent producers, read_committed
 * consumers; each with the {@link KafkaSecurity} settings of this process.
 */
public final class KafkaClientSettings {

  private KafkaClientSettings() {}

  /** Idempotent, acks=all: an accepted write is on every replica, exactly once per send. */
  public static Properties producer(String bootstrapServers) {
    Properties p = new Properties();
    p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.setProperty(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return KafkaSecurity.current().applyTo(p);
  }

  /**
   * As {@link #producer(String)} for a caller that waits for each send: a send fails, rather than
   * blocks or retries, once {@code waitAtMost} has passed (metadata, buffer, delivery), so a
   * request waiting on it can answer 503 in that time.
   */
  public static Properties producer(String bootstrapServers, java.time.Duration waitAtMost) {
    Properties p = producer(bootstrapServers);
    long ms = waitAtMost.toMillis();
    long requestTimeout = Math.max(1000, ms / 2);
    p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(ms));
    p.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestTimeout));
    p.setProperty(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        Long.toString(Math.max(ms, requestTimeout + 100)));
    return p;
  }

  /**
   * Sees only committed transactional output, so exactly-once results stay exactly once for
   * readers.
   */
  public static Properties readCommittedConsumer(String bootstrapServers, String groupId) {
    Properties p = new Properties();
    p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.setProperty(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return KafkaSecurity.current().applyTo(p);
  }

  /**
   * As {@link #readCommittedConsumer} for a reader that assigns itself partitions and keeps its own
   * position (or none): no group, nothing committed.
   */
  public static Properties assignedReadCommittedConsumer(String bootstrapServers) {
    Properties p = readCommittedConsumer(bootstrapServers, "unused");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return p;
  }

  /** An admin client's: the cluster's address and its security settings. */
  public static Properties admin(String bootstrapServers) {
    Properties p = new Properties();
    p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return KafkaSecurity.current().applyTo(p);
  }
}
