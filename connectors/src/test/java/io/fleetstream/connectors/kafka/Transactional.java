package io.fleetstream.connectors.kafka;

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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** What the transaction tests share: the sink's producer, a topic, a read_committed reading. */
final class Transactional {

  private Transactional() {}

  /** A producer set up as the exactly-once sink's, with string records. */
  static FlinkKafkaInternalProducer<String, String> producer(
      String bootstrap, String transactionalId) {
    Properties props = new Properties();
    props.putAll(FleetstreamKafka.sinkProducerSettings());
    props.put("bootstrap.servers", bootstrap);
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    return new FlinkKafkaInternalProducer<>(props, transactionalId);
  }

  /** A new topic of one partition. */
  static String createTopic(String bootstrap, String name) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    return name;
  }

  /** The topic's values as a read_committed reader sees them, read to the last stable offset. */
  static List<String> readCommitted(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
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
