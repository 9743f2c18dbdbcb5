package io.fleetstream.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.json.EventValidator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topic creation and validated event production against a real broker. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicAdminITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  @Order(1)
  void createsEveryContractTopicWithTheConfiguredPartitionsAndIsSafeToRerun() throws Exception {
    TopicAdmin admin =
        TopicAdmin.builder()
            .bootstrapServers(KAFKA.bootstrapServers())
            .partitions(3)
            .partitions(Topic.DLQ, 1)
            .topic("test.shared_state.v1", 1, Map.of("cleanup.policy", "compact"))
            .build();

    TopicAdmin.Result first = admin.ensureTopics();
    List<String> all =
        java.util.stream.Stream.concat(
                Arrays.stream(Topic.values()).map(Topic::topicName),
                java.util.stream.Stream.of("test.shared_state.v1"))
            .toList();
    try (Admin kafka = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      // Ready to write when it returns: a partition without a leader blocks producers on metadata.
      assertThat(kafka.describeTopics(all).allTopicNames().get(30, TimeUnit.SECONDS).values())
          .flatExtracting(TopicDescription::partitions)
          .allSatisfy(p -> assertThat(p.leader()).isNotNull().matches(leader -> !leader.isEmpty()));
    }
    TopicAdmin.Result second = admin.ensureTopics();

    assertThat(first.created()).containsExactlyInAnyOrderElementsOf(all);
    assertThat(second.created()).isEmpty();
    assertThat(second.existing()).containsExactlyInAnyOrderElementsOf(all);
    try (Admin kafka = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      Map<String, TopicDescription> described =
          kafka.describeTopics(all).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(described.get("fleetstream.jobs.v1").partitions()).hasSize(3);
      assertThat(described.get("fleetstream.dlq.v1").partitions()).hasSize(1);
      // The endpoints topic is a table: compaction keeps each endpoint's latest configuration.
      assertThat(cleanupPolicy(kafka, Topic.WEBHOOK_ENDPOINTS)).isEqualTo("compact");
      assertThat(cleanupPolicy(kafka, Topic.WEBHOOKS)).isEqualTo("delete");
      assertThat(described.get("test.shared_state.v1").partitions())
          .as("a topic outside the contract keeps its own partitions")
          .hasSize(1);
      assertThat(cleanupPolicy(kafka, "test.shared_state.v1")).isEqualTo("compact");
    }
  }

  private static String cleanupPolicy(Admin kafka, Topic topic) throws Exception {
    return cleanupPolicy(kafka, topic.topicName());
  }

  private static String cleanupPolicy(Admin kafka, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return kafka
        .describeConfigs(List.of(resource))
        .all()
        .get(30, TimeUnit.SECONDS)
        .get(resource)
        .get("cleanup.policy")
        .value();
  }

  @Test
  @Order(2)
  void theProducerWritesValidEventsKeyedByTenantAndRefusesInvalidOnes() throws Exception {
    JobData job =
        new JobData("job_1", null, GeoPoint.of(43.7384, 7.4246), 10.0, 2, null, null, null, null);
    CloudEvent event = CloudEvent.create(EventType.JOB_CREATED, "/test", "acct_a", "job_1", job);
    JobData badJob =
        new JobData("job_2", null, GeoPoint.of(143.0, 7.4), null, null, null, null, null, null);
    CloudEvent bad = CloudEvent.create(EventType.JOB_CREATED, "/test", "acct_a", "job_2", badJob);

    try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      producer.send(event).get(30, TimeUnit.SECONDS);
      assertThatThrownBy(() -> producer.send(bad)).hasMessageContaining("/data/location/lat");
    }

    Properties props = KafkaClientSettings.readCommittedConsumer(KAFKA.bootstrapServers(), "check");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(Topic.JOBS.topicName()));
      List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
      org.awaitility.Awaitility.await("the record on " + Topic.JOBS.topicName())
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return !records.isEmpty();
              });
      assertThat(records).hasSize(1);
      assertThat(records.get(0).key()).isEqualTo("acct_a/job_1");
      assertThat(EventValidator.create().validate(Topic.JOBS, records.get(0).value()).isValid())
          .isTrue();
    }
  }
}
