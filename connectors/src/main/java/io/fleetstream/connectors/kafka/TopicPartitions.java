package io.fleetstream.connectors.kafka;

import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Every partition of some topics, for readers that assign themselves partitions. */
public final class TopicPartitions {

  private TopicPartitions() {}

  /**
   * @throws IllegalStateException when a topic does not exist (yet)
   */
  public static List<TopicPartition> of(Consumer<?, ?> consumer, List<Topic> topics) {
    List<TopicPartition> all = new ArrayList<>();
    for (Topic topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic.topicName() + " does not exist (yet)");
      }
      infos.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
    }
    return all;
  }
}
