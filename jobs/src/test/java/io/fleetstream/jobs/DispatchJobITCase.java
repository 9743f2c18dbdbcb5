package io.fleetstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.ConsumerProgress;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.DlqData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The walking skeleton end to end: a real Kafka broker, the real dispatch job on a Flink
 * MiniCluster, exactly-once output read the way consumers read it (read_committed).
 */
class DispatchJobITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String TENANT = "acct_itcase";

  @Test
  void everyJobIsAssignedExactlyOnceAndEveryBadRecordLandsInTheDeadLetterTopic() throws Exception {
    // Re-optimization would legitimately move jobs; this test is about each decision once.
    JobClient running = ItJobs.start(KAFKA.bootstrapServers(), ItJobs.steady(), "dispatch-itcase");
    try (EventConsumer outputs =
        new EventConsumer(KAFKA.bootstrapServers(), Topic.ASSIGNMENTS, Topic.DLQ)) {
      // Monaco: two drivers at either end, ten jobs in between. The drivers are known before the
      // jobs arrive (their offsets are committed by a checkpoint), so "nearest" is well defined.
      try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
        producer.send(driver("drv_east", 43.7480, 7.4380));
        producer.send(driver("drv_west", 43.7310, 7.4150));
        producer.flush();
        ConsumerProgress.awaitCaughtUp(
            KAFKA.bootstrapServers(),
            DispatchJob.CONSUMER_GROUP,
            Topic.DRIVERS,
            Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
          producer.send(job("job_" + i, 43.7310 + i * 0.0019, 7.4150 + i * 0.0026));
        }
        producer.flush();
      }
      byte[] truncated =
          "{\"specversion\":\"1.0\",\"id\":\"evt_x\",".getBytes(StandardCharsets.UTF_8);
      byte[] latitudeOutOfRange =
          new String(
                  io.fleetstream.schemas.json.EventJson.toBytes(job("job_bad", 43.7, 7.42)),
                  StandardCharsets.UTF_8)
              .replace("\"lat\":43.7", "\"lat\":123.0")
              .getBytes(StandardCharsets.UTF_8);
      byte[] pingOnDriversTopic =
          io.fleetstream.schemas.json.EventJson.toBytes(
              CloudEvent.create(
                  EventType.TELEMETRY_PING,
                  "/test",
                  TENANT,
                  "drv_east",
                  new io.fleetstream.schemas.events.TelemetryData(
                      "drv_east",
                      43.74,
                      7.43,
                      5.0,
                      90.0,
                      4.0,
                      java.time.Instant.parse("2026-05-08T16:00:00Z"))));
      try (KafkaProducer<String, byte[]> raw =
          new KafkaProducer<>(
              KafkaClientSettings.producer(KAFKA.bootstrapServers()),
              new StringSerializer(),
              new ByteArraySerializer())) {
        raw.send(new ProducerRecord<>(Topic.JOBS.topicName(), TENANT + "/job_t", truncated))
            .get(30, TimeUnit.SECONDS);
        raw.send(
                new ProducerRecord<>(
                    Topic.JOBS.topicName(), TENANT + "/job_bad", latitudeOutOfRange))
            .get(30, TimeUnit.SECONDS);
        raw.send(
                new ProducerRecord<>(
                    Topic.DRIVERS.topicName(), TENANT + "/drv_east", pingOnDriversTopic))
            .get(30, TimeUnit.SECONDS);
      }

      List<EventConsumer.Consumed> seen = new ArrayList<>();
      await("10 assignments and 3 dead letters")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                seen.addAll(outputs.poll(Duration.ofMillis(200)));
                return assigned(seen).size() >= 10 && deadLetters(seen).size() >= 3;
              });
      // Several more checkpoints (= transaction commits) must not add anything.
      await("no output beyond 10 assignments and 3 dead letters over several commits")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(6))
          .until(
              () -> {
                seen.addAll(outputs.poll(Duration.ofMillis(200)));
                return assigned(seen).size() == 10 && deadLetters(seen).size() == 3;
              });

      assertThat(seen)
          .allSatisfy(c -> assertThat(c.invalidReason()).as("output breaks its schema").isNull());
      List<AssignmentData> assignments = assigned(seen);
      assertThat(assignments).hasSize(10);
      assertThat(assignments.stream().map(AssignmentData::jobId))
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, 10).mapToObj(i -> "job_" + i).toList());
      assertThat(assignments)
          .allSatisfy(
              a -> {
                assertThat(a.driverId()).isIn("drv_east", "drv_west");
                assertThat(a.score()).isBetween(0.0, 100.0);
                assertThat(a.reason()).isNotNull();
                assertThat(a.weightsVersion()).as("cheapest feasible insertion").isEqualTo(2);
              });
      // Nearest wins: the first job sits on drv_west's start, the last one close to drv_east's.
      Map<String, String> driverOf =
          assignments.stream()
              .collect(Collectors.toMap(AssignmentData::jobId, AssignmentData::driverId));
      assertThat(driverOf).containsEntry("job_0", "drv_west").containsEntry("job_9", "drv_east");

      List<DlqData> dead = deadLetters(seen);
      assertThat(dead).hasSize(3);
      assertThat(dead)
          .extracting(DlqData::errorCode)
          .containsExactlyInAnyOrder("MALFORMED_JSON", "OUT_OF_RANGE", "WRONG_TOPIC");
      assertThat(dead)
          .filteredOn(d -> d.errorCode().equals("OUT_OF_RANGE"))
          .singleElement()
          .satisfies(d -> assertThat(d.errorPath()).isEqualTo("/data/location/lat"));
      assertThat(dead)
          .filteredOn(d -> d.errorCode().equals("MALFORMED_JSON"))
          .singleElement()
          .satisfies(
              d -> assertThat(Base64.getDecoder().decode(d.originalBase64())).isEqualTo(truncated));
    } finally {
      running.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  private static List<AssignmentData> assigned(List<EventConsumer.Consumed> seen) {
    return seen.stream()
        .filter(c -> c.event() != null && c.event().eventType() == EventType.ASSIGNMENT_ASSIGNED)
        .map(c -> c.event().data(AssignmentData.class))
        .toList();
  }

  private static List<DlqData> deadLetters(List<EventConsumer.Consumed> seen) {
    return seen.stream()
        .filter(c -> c.event() != null && c.event().eventType() == EventType.DLQ_REJECTED)
        .map(c -> c.event().data(DlqData.class))
        .toList();
  }

  private static CloudEvent driver(String id, double lat, double lng) {
    return CloudEvent.create(
        EventType.DRIVER_CREATED,
        "/test",
        TENANT,
        id,
        new DriverData(
            id, null, "Driver " + id, null, GeoPoint.of(lat, lng), null, null, null, null, null));
  }

  private static CloudEvent job(String id, double lat, double lng) {
    return CloudEvent.create(
        EventType.JOB_CREATED,
        "/test",
        TENANT,
        id,
        new JobData(id, null, GeoPoint.of(lat, lng), 15.0, null, null, null, null, null));
  }
}
