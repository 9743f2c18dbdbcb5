package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.EventStreamClient;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that resumes from an id older than what the log still holds (the topic's retention
 * deleted the events after it) is told so with a {@code gap} event naming the partitions and the
 * offsets it resumes from, and then gets the events that are there: no silent jump. Its own broker,
 * since it deletes records.
 */
class EventStreamGapITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  static RunningBridge bridge;

  @BeforeAll
  static void start() {
    bridge = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
  }

  @AfterAll
  static void stop() {
    bridge.close();
  }

  @Test
  void resumingFromDeletedEventsAnnouncesTheGapThenStreamsWhatIsLeft() throws Exception {
    Api api = bridge.api();
    String key = api.newKey("sse-gap", 5);
    String url = bridge.bridge().url() + "/api/v1/events?types=job";
    String firstId;
    try (EventStreamClient first = EventStreamClient.open(url, key, null)) {
      create(api, key, 43.7301);
      await("the first job on the stream")
          .atMost(Duration.ofSeconds(30))
          .until(() -> !first.events().isEmpty());
      firstId = first.events().get(0).id();
    }
    create(api, key, 43.7302);
    create(api, key, 43.7303);
    Map<TopicPartition, Long> deletedTo = deleteEverything(Topic.JOBS.topicName());
    String after = create(api, key, 43.7304);

    try (EventStreamClient again = EventStreamClient.open(url, key, firstId)) {
      assertThat(again.status()).isEqualTo(200);
      await("the gap notice, then the job created after the deletion")
          .atMost(Duration.ofSeconds(30))
          .until(() -> again.events().size() >= 2);
      List<EventStreamClient.Event> events = again.events();
      assertThat(events.get(0).event()).isEqualTo("gap");
      JsonNode gap = JSON.readTree(events.get(0).data());
      assertThat(gap.path("message").asText()).contains("no longer in the log");
      Map<Integer, Long> resumed = new HashMap<>();
      gap.path("partitions")
          .forEach(
              p -> {
                assertThat(p.path("topic").asText()).isEqualTo(Topic.JOBS.topicName());
                assertThat(p.path("from_offset").asLong())
                    .isLessThan(p.path("resumed_offset").asLong());
                resumed.put(p.path("partition").asInt(), p.path("resumed_offset").asLong());
              });
      assertThat(resumed).isNotEmpty();
      resumed.forEach(
          (partition, offset) ->
              assertThat(offset)
                  .isEqualTo(deletedTo.get(new TopicPartition(Topic.JOBS.topicName(), partition))));
      assertThat(events.subList(1, events.size()))
          .extracting(e -> read(e.data()).path("subject").asText())
          .containsExactly(after);
    }
  }

  /** What a topic's retention does, at once: every record of every partition is deleted. */
  private static Map<TopicPartition, Long> deleteEverything(String topic) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      int partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int i = 0; i < partitions; i++) {
        latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach(
              (tp, info) -> {
                ends.put(tp, info.offset());
                delete.put(tp, RecordsToDelete.beforeOffset(info.offset()));
              });
      admin.deleteRecords(delete).all().get();
      return ends;
    }
  }

  private static String create(Api api, String key, double lat) {
    Api.Response r =
        api.post("/api/v1/jobs")
            .key(key)
            .json("{\"dropoff_lat\": " + lat + ", \"dropoff_lng\": 7.42}")
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
