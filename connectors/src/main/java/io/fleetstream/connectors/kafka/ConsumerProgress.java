package io.fleetstream.connectors.kafka;

import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Has a consumer group caught up with a topic? For a Flink job the group's offsets are committed
 * with each completed checkpoint, so "caught up" means every record so far is in the job's state.
 */
public final class ConsumerProgress {

  private ConsumerProgress() {}

  /**
   * Waits until {@code groupId} has committed the current end offset of every partition of {@code
   * topic}.
   */
  public static void awaitCaughtUp(
      String bootstrapServers, String groupId, Topic topic, Duration timeout)
      throws InterruptedException, TimeoutException {
    try (Admin admin = Admin.create(KafkaClientSettings.admin(bootstrapServers))) {
      Map<TopicPartition, Long> end = endOffsets(admin, topic);
      Instant deadline = Instant.now().plus(timeout);
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        boolean caughtUp =
            end.entrySet().stream()
                .allMatch(
                    e ->
                        e.getValue() == 0
                            || (committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue()));
        if (caughtUp) {
          return;
        }
        if (Instant.now().isAfter(deadline)) {
          throw new TimeoutException(
              groupId + " has not consumed " + topic.topicName() + " within " + timeout);
        }
        Thread.sleep(100);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot read offsets from " + bootstrapServers + ": " + e.getCause().getMessage(), e);
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, Topic topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> partitions =
        admin
            .describeTopics(List.of(topic.topicName()))
            .allTopicNames()
            .get(10, TimeUnit.SECONDS)
            .get(topic.topicName())
            .partitions()
            .stream()
            .collect(
                Collectors.toMap(
                    p -> new TopicPartition(topic.topicName(), p.partition()),
                    p -> OffsetSpec.latest()));
    return admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}
