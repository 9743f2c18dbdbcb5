package io.fleetstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Reading the topics as a user's read_committed consumer sees them, for exactly-once checks. */
public final class OutputTopics {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OutputTopics() {}

  /** How often each event id ("topic id") is on every topic, every topic read to its end. */
  public static Map<String, Integer> eventIdsOnEveryTopic(String bootstrap) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic topic : Topic.values()) {
        partitions.addAll(partitions(consumer, topic.topicName()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Awaitility.await("every topic read to its end")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                  seen.merge(
                      r.topic() + " " + JSON.readTree(r.value()).path("id").asText(),
                      1,
                      Integer::sum);
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
              });
    }
    return seen;
  }

  /**
   * The latest decision (the assignment event's data) about each of {@code jobIds}, once each has
   * one on the assignments topic.
   */
  public static Map<String, JsonNode> awaitDecisions(
      String bootstrap, Collection<String> jobIds, Duration within) {
    Map<String, JsonNode> latest = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = partitions(consumer, Topic.ASSIGNMENTS.topicName());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      try {
        Awaitility.await("a decision for each of " + jobIds.size() + " jobs")
            .atMost(within)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode data = JSON.readTree(r.value()).path("data");
                    latest.put(data.path("job_id").asText(), data);
                  }
                  return latest.keySet().containsAll(jobIds);
                });
      } catch (ConditionTimeoutException e) {
        List<String> missing = jobIds.stream().filter(j -> !latest.containsKey(j)).toList();
        throw new AssertionError(
            "no decision for " + missing + "; " + whereTheyAre(bootstrap, missing), e);
      }
    }
    return latest;
  }

  /**
   * Why jobs have no decision, as far as the topics tell (a failed run once said nothing): whether
   * each job reached the jobs topic at all, and whether an open transaction holds the output topics
   * back from read_committed readers (their last stable offset behind their end).
   */
  static String whereTheyAre(String bootstrap, Collection<String> jobIds) {
    StringBuilder why = new StringBuilder();
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("isolation.level", "read_uncommitted");
    try (KafkaConsumer<String, String> committed = consumer(bootstrap);
        KafkaConsumer<String, String> all =
            new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      for (Topic topic : List.of(Topic.JOBS, Topic.ASSIGNMENTS, Topic.DLQ)) {
        List<TopicPartition> partitions = partitions(all, topic.topicName());
        Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
        Map<TopicPartition, Long> ends = all.endOffsets(partitions);
        long heldBack = partitions.stream().mapToLong(p -> ends.get(p) - stable.get(p)).sum();
        why.append(topic.topicName())
            .append(": ")
            .append(ends.values().stream().mapToLong(Long::longValue).sum())
            .append(" records, ")
            .append(heldBack)
            .append(" of them behind an open transaction; ");
      }
      List<TopicPartition> jobs = partitions(all, Topic.JOBS.topicName());
      all.assign(jobs);
      all.seekToBeginning(jobs);
      Map<TopicPartition, Long> ends = all.endOffsets(jobs);
      java.util.Set<String> onTopic = new java.util.HashSet<>();
      long deadline = System.currentTimeMillis() + 20_000;
      while (jobs.stream().anyMatch(p -> all.position(p) < ends.get(p))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : all.poll(Duration.ofMillis(500))) {
          for (String id : jobIds) {
            if (r.value() != null && r.value().contains('"' + id + '"')) {
              onTopic.add(id);
            }
          }
        }
      }
      why.append("on the jobs topic: ").append(onTopic);
      why.append("; open transactions: ").append(openTransactions(bootstrap));
    } catch (RuntimeException unreadable) {
      why.append("(topics unreadable: ").append(unreadable).append(')');
    }
    return why.toString();
  }

  /**
   * Every transaction open on a topic of the contract, and whether it hangs: an open transaction
   * the coordinator will never close, which no timeout ever closes either.
   */
  static String openTransactions(String bootstrap) {
    try {
      List<String> open =
          io.fleetstream.connectors.kafka.HangingTransactions.of(
                  Map.of("bootstrap.servers", bootstrap), Duration.ZERO)
              .open(Stream.of(Topic.values()).map(Topic::topicName).toList())
              .stream()
              .map(o -> o.transaction() + (o.hangs() ? " HANGING" : " in progress"))
              .toList();
      return open.isEmpty() ? "none" : String.join("; ", open);
    } catch (Exception unreadable) {
      return "(not described: " + unreadable + ")";
    }
  }

  /**
   * Every event on {@code topic}, read to its end; a record that is not JSON (a producer's garbled
   * one, which the job sends to the dead-letter topic) is left out.
   */
  public static List<JsonNode> readAll(String bootstrap, Topic topic) {
    List<JsonNode> events = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = partitions(consumer, topic.topicName());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Awaitility.await(topic.topicName() + " read to its end")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                  try {
                    events.add(JSON.readTree(r.value()));
                  } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                    // the garbled record: not an event
                  }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
              });
    }
    return events;
  }

  public static List<TopicPartition> partitions(
      KafkaConsumer<String, String> consumer, String topic) {
    return consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  /** A read_committed consumer with no group: it reads what it is assigned. */
  public static KafkaConsumer<String, String> consumer(String bootstrap) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }
}
